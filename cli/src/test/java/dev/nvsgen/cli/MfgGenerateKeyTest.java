package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mfg generate-key as mfg_gen's, and both spellings of the HMAC options wherever they are taken. */
class MfgGenerateKeyTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void inputs() throws IOException {
        Files.writeString(tmp.resolve("in.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
        byte[] hmac = new byte[32];
        for (int i = 0; i < hmac.length; i++) {
            hmac[i] = (byte) (i * 7 + 3);
        }
        Files.write(tmp.resolve("hmac.bin"), hmac);
    }

    @Test
    void writesAKeysFileWhereMfgGenDoes() throws IOException {
        CliRun run = CliRun.in(tmp, "mfg", "generate-key", "--keyfile", "k", "--outdir", "out");
        assertEquals(0, run.status(), run.err());
        assertEquals("Created encryption keys: out/keys/k.bin\n", run.out());
        assertEquals(4096, Files.size(tmp.resolve("out/keys/k.bin")));
        CliRun verify = CliRun.in(tmp, "mfg", "generate", "--help");
        assertEquals(0, verify.status());
    }

    @Test
    void derivesTheSameKeysAsGenerateKeyInEitherSpelling() throws IOException {
        CliRun mfg = CliRun.in(
                tmp, "mfg", "generate-key", "--key_protect_hmac", "--kp_hmac_inputkey", "hmac.bin", "--keyfile", "a");
        CliRun dashed = CliRun.in(
                tmp, "generate-key", "--key-protect-hmac", "--kp-hmac-inputkey", "hmac.bin", "--keyfile", "b");
        assertEquals(0, mfg.status(), mfg.err());
        assertEquals(0, dashed.status(), dashed.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("keys/a.bin")), Files.readAllBytes(tmp.resolve("keys/b.bin")));
    }

    @Test
    void encryptTakesBothSpellings() throws IOException {
        CliRun underscored = CliRun.in(
                tmp,
                "encrypt",
                "in.csv",
                "u.bin",
                "0x3000",
                "--keygen",
                "--key_protect_hmac",
                "--kp_hmac_inputkey",
                "hmac.bin",
                "--keyfile",
                "u");
        CliRun dashed = CliRun.in(
                tmp,
                "encrypt",
                "in.csv",
                "d.bin",
                "0x3000",
                "--keygen",
                "--key-protect-hmac",
                "--kp-hmac-inputkey",
                "hmac.bin",
                "--keyfile",
                "d");
        assertEquals(0, underscored.status(), underscored.err());
        assertEquals(0, dashed.status(), dashed.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("u.bin")), Files.readAllBytes(tmp.resolve("d.bin")));
        CliRun keygen = CliRun.in(
                tmp,
                "encrypt",
                "in.csv",
                "g.bin",
                "0x3000",
                "--keygen",
                "--key-protect-hmac",
                "--kp-hmac-keygen",
                "--kp-hmac-keyfile",
                "h",
                "--keyfile",
                "g");
        assertEquals(0, keygen.status(), keygen.err());
        assertTrue(Files.isRegularFile(tmp.resolve("keys/h.bin")), keygen.out());
    }

    @Test
    void mfgWithoutASubcommandNamesBoth() {
        CliRun run = CliRun.in(tmp, "mfg");
        assertEquals(
                "nvsgen mfg: Missing subcommand: generate or generate-key\n"
                        + "Try 'nvsgen mfg --help' for more information.\n",
                run.err());
    }
}
