package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.conformance.ConformanceSuite;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code encrypt}, {@code decrypt} and {@code generate-key}: conformance, file placement, refusals. */
class EncryptionCommandsTest {
    private static final String CSV =
            "key,type,encoding,value\nns,namespace,,\nserial,data,string,SN-1\nrev,data,u8,3\n";
    private static final String KEYS_NAME = "keys-\\d\\d-\\d\\d_\\d\\d-\\d\\d\\.bin";

    @TempDir
    Path tmp;

    static Stream<ConformanceSuite.Case> cases() {
        return Stream.of("encrypt", "decrypt", "generate-key-hmac").flatMap(ConformanceSuite::cases);
    }

    /** Each case's exact reference command line, run from a copy of its folder; every expected output matches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conformance(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        Path work = tmp.resolve(c.name());
        CliRun.copyTree(c.dir(), work);
        CliRun run = CliRun.in(work, c.argv().toArray(String[]::new));
        assertEquals("ok", c.expect());
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        List<String> produced = new ArrayList<>();
        c.json().get("outputs").properties().forEach(o -> {
            produced.add(o.getKey());
            assertArrayEquals(
                    bytes(c.dir().resolve(o.getValue().asString())),
                    bytes(work.resolve(o.getKey())),
                    c.name() + ": " + o.getKey());
        });
        for (String p : produced) {
            assertTrue(run.out().contains(": " + p + "\n"), "output names " + p + ": " + run.out());
            if (p.startsWith("keys/")) {
                assertOwnerOnly(work.resolve(p));
            }
        }
    }

    @Test
    void keygenWritesTimestampedOwnerOnlyKeysThatDecryptTheImage() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), CSV);
        CliRun run = CliRun.in(tmp, "encrypt", "in.csv", "out.bin", "0x3000", "--keygen");
        assertEquals(0, run.status(), run.err());
        List<String> files = CliRun.files(tmp);
        assertEquals(3, files.size(), files.toString());
        String keys =
                files.stream().filter(f -> f.startsWith("keys/")).findFirst().orElseThrow();
        assertTrue(keys.matches("keys/" + KEYS_NAME), keys);
        assertOwnerOnly(tmp.resolve(keys));
        assertEquals(
                "Created encryption keys: " + keys + "\nCreated encrypted NVS binary (version 2, 0x3000): out.bin\n",
                run.out());

        CliRun dec = CliRun.in(tmp, "decrypt", "out.bin", keys, "plain.bin");
        assertEquals(0, dec.status(), dec.err());
        assertEquals("Created decrypted NVS binary: plain.bin\n", dec.out());
        CliRun gen = CliRun.in(tmp, "generate", "in.csv", "gen.bin", "0x3000");
        assertEquals(0, gen.status(), gen.err());
        assertArrayEquals(bytes(tmp.resolve("gen.bin")), bytes(tmp.resolve("plain.bin")));
        assertOwnerOnly(tmp.resolve("plain.bin"));
    }

    @Test
    void outdirHoldsImageAndKeysAndKeyfileGetsBinExtension() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), CSV);
        CliRun run = CliRun.in(
                tmp,
                "encrypt",
                "--outdir",
                "build",
                "in.csv",
                "img/out.bin",
                "0x3000",
                "--keygen",
                "--keyfile",
                "dev1");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("build/img/out.bin", "build/keys/dev1.bin", "in.csv"), CliRun.files(tmp));
        NvsKeys keys = NvsKeys.read(tmp.resolve("build/keys/dev1.bin"));
        NvsEncryption.decrypt(bytes(tmp.resolve("build/img/out.bin")), keys);
    }

    @Test
    void absoluteKeyfileIgnoresOutdir() throws Exception {
        Path elsewhere = tmp.resolve("elsewhere/k.bin");
        CliRun run = CliRun.in(tmp, "generate-key", "--outdir", "out", "--keyfile", elsewhere.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("elsewhere/k.bin"), CliRun.files(tmp));
        assertEquals(4096, Files.size(elsewhere));
    }

    @Test
    void hmacKeygenWritesTheHmacKeyBesideTheKeys() throws Exception {
        CliRun run = CliRun.in(tmp, "generate-key", "--key_protect_hmac", "--kp_hmac_keygen", "--keyfile", "k.bin");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("keys/hmac-k.bin", "keys/k.bin"), CliRun.files(tmp));
        assertOwnerOnly(tmp.resolve("keys/hmac-k.bin"));
        NvsKeys derived = HmacKey.read(tmp.resolve("keys/hmac-k.bin")).deriveNvsKeys();
        assertTrue(derived.sameKeysAs(NvsKeys.read(tmp.resolve("keys/k.bin"))));

        CliRun named =
                CliRun.in(tmp, "generate-key", "--key_protect_hmac", "--kp_hmac_keygen", "--kp_hmac_keyfile", "h");
        assertEquals(0, named.status(), named.err());
        assertTrue(Files.exists(tmp.resolve("keys/h.bin")));
        assertTrue(
                CliRun.files(tmp).stream().anyMatch(f -> f.matches("keys/" + KEYS_NAME)),
                CliRun.files(tmp).toString());
    }

    @Test
    void generateKeyWithoutOptionsMakesRandomKeys() throws Exception {
        CliRun run = CliRun.in(tmp, "generate-key", "--keyfile", "a.bin");
        assertEquals(0, run.status(), run.err());
        assertEquals("Created encryption keys: keys/a.bin\n", run.out());
        CliRun other = CliRun.in(tmp, "generate-key", "--keyfile", "b.bin");
        assertEquals(0, other.status(), other.err());
        assertFalse(NvsKeys.read(tmp.resolve("keys/a.bin")).sameKeysAs(NvsKeys.read(tmp.resolve("keys/b.bin"))));
    }

    /** Random keys never replace a key file; the same (derived) keys may be written again. */
    @Test
    void keyFilesAreNotOverwrittenWithOtherKeys() throws Exception {
        assertEquals(0, CliRun.in(tmp, "generate-key", "--keyfile", "k.bin").status());
        byte[] first = bytes(tmp.resolve("keys/k.bin"));
        CliRun again = CliRun.in(tmp, "generate-key", "--keyfile", "k.bin");
        assertEquals(ExitCode.INPUT, again.status());
        assertEquals(
                "nvsgen generate-key: error: keys/k.bin already exists and holds other keys; nvsgen does not overwrite"
                        + " key files (remove it, or name another file with --keyfile)\n",
                again.err());
        assertArrayEquals(first, bytes(tmp.resolve("keys/k.bin")));

        Files.write(tmp.resolve("hmac.bin"), new byte[32]);
        String[] derive = {"generate-key", "--key_protect_hmac", "--kp_hmac_inputkey", "hmac.bin", "--keyfile", "d"};
        assertEquals(0, CliRun.in(tmp, derive).status());
        CliRun same = CliRun.in(tmp, derive);
        assertEquals(0, same.status(), same.err());
    }

    /** Bad inputs: one line, a non-zero status, and no file written (keys included). */
    @Test
    void failedRunsLeaveNothingBehind() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), CSV);
        Files.writeString(tmp.resolve("bad.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,300\n");
        Files.write(tmp.resolve("short.bin"), new byte[100]);
        Files.write(tmp.resolve("hmac31.bin"), new byte[31]);
        List<String> before = CliRun.files(tmp);
        String[][] runs = {
            {"encrypt", "bad.csv", "out.bin", "0x3000", "--keygen"},
            {"encrypt", "bad.csv", "out.bin", "0x3000", "--keygen", "--key_protect_hmac", "--kp_hmac_keygen"},
            {"encrypt", "in.csv", "out.bin", "0x3100", "--keygen"},
            {"encrypt", "in.csv", "out.bin", "0x3000", "--inputkey", "short.bin"},
            {"encrypt", "in.csv", "out.bin", "0x3000", "--inputkey", "missing.bin"},
            {
                "encrypt",
                "in.csv",
                "out.bin",
                "0x3000",
                "--keygen",
                "--key_protect_hmac",
                "--kp_hmac_inputkey",
                "hmac31.bin"
            },
            {"encrypt", "in.csv", "out.bin", "0x3000"},
            {"encrypt", "in.csv", "out.bin", "0x3000", "--keygen", "--inputkey", "short.bin"},
            {"encrypt", "in.csv", "out.bin", "0x3000", "--keygen", "--key_protect_hmac"},
            {"encrypt", "in.csv", "out.bin", "0x3000", "--keygen", "--kp_hmac_keygen"},
            {"encrypt", "in.csv", "out.bin", "0x3000", "--inputkey", "short.bin", "--key_protect_hmac"},
            {"encrypt", "in.csv", "out.bin", "0x3000", "--key_protect_hmac", "--kp_hmac_inputkey", "hmac31.bin"},
            {"encrypt", "--version", "3", "in.csv", "out.bin", "0x3000", "--keygen"},
            {"decrypt", "in.csv", "short.bin", "out.bin"},
            {"decrypt", "missing.bin", "keys.bin", "out.bin"},
            {"generate-key", "--key_protect_hmac", "--kp_hmac_keygen", "--kp_hmac_inputkey", "hmac31.bin"},
            {"generate-key", "--key_protect_hmac", "--kp_hmac_inputkey", "hmac31.bin"},
            {"generate-key", "--kp_hmac_keyfile", "h.bin"},
            {"generate-key", "--key_protect_hmac", "--kp_hmac_inputkey", "hmac31.bin", "--kp_hmac_keyfile", "h.bin"},
        };
        for (String[] args : runs) {
            CliRun run = CliRun.in(tmp, args);
            String what = String.join(" ", args) + " -> " + run.err();
            assertAll(
                    () -> assertTrue(run.status() == ExitCode.INPUT || run.status() == ExitCode.USAGE, what),
                    () -> assertTrue(run.err().startsWith("nvsgen " + args[0] + ": "), what),
                    () -> assertFalse(run.err().contains("Exception"), what),
                    () -> assertEquals("", run.out(), what),
                    () -> assertEquals(before, CliRun.files(tmp), what));
        }
    }

    @Test
    void messagesNameTheFileAndTheProblem() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), CSV);
        Files.write(tmp.resolve("short.bin"), new byte[100]);
        assertEquals(
                "nvsgen encrypt: error: short.bin: an NVS keys file is 4096 bytes (an nvs_keys partition) or 64 bytes"
                        + " (data key and tweak key alone), but this one is 100 bytes\n",
                CliRun.in(tmp, "encrypt", "in.csv", "o.bin", "0x3000", "--inputkey", "short.bin")
                        .err());
        assertEquals(
                "nvsgen encrypt: error: encrypt needs keys: --inputkey FILE, or --keygen to make them\n",
                CliRun.in(tmp, "encrypt", "in.csv", "o.bin", "0x3000").err());
        assertEquals(
                "nvsgen generate-key: error: --kp_hmac_inputkey needs --key_protect_hmac (without it the keys would be"
                        + " random)\n",
                CliRun.in(tmp, "generate-key", "--kp_hmac_inputkey", "h.bin").err());

        NvsKeys right = NvsKeys.generate();
        NvsKeys wrong = NvsKeys.generate();
        right.writeTo(tmp.resolve("right.bin"));
        wrong.writeTo(tmp.resolve("wrong.bin"));
        assertEquals(
                0,
                CliRun.in(tmp, "encrypt", "in.csv", "enc.bin", "0x3000", "--inputkey", "right.bin")
                        .status());
        CliRun dec = CliRun.in(tmp, "decrypt", "enc.bin", "wrong.bin", "dec.bin");
        assertEquals(ExitCode.INPUT, dec.status());
        assertTrue(
                dec.err()
                        .startsWith("nvsgen decrypt: error: enc.bin with wrong.bin: the image does not decrypt with"
                                + " these keys"),
                dec.err());
        assertFalse(Files.exists(tmp.resolve("dec.bin")));
    }

    @Test
    void keyfileWithInputkeyIsIgnoredWithAWarning() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), CSV);
        NvsKeys.generate().writeTo(tmp.resolve("k.bin"));
        CliRun run =
                CliRun.in(tmp, "encrypt", "in.csv", "o.bin", "0x3000", "--inputkey", "k.bin", "--keyfile", "x.bin");
        assertEquals(0, run.status(), run.err());
        assertEquals(
                "nvsgen encrypt: warning: --keyfile is ignored with --inputkey (no keys file is written)\n", run.err());
        assertEquals(List.of("in.csv", "k.bin", "o.bin"), CliRun.files(tmp));
    }

    @Test
    void helpListsTheReferenceOptionNames() {
        CliRun enc = CliRun.in(tmp, "encrypt", "--help");
        assertEquals(0, enc.status());
        for (String option : new String[] {
            "--version",
            "--keygen",
            "--keyfile",
            "--inputkey",
            "--outdir",
            "--key_protect_hmac",
            "--kp_hmac_keygen",
            "--kp_hmac_keyfile",
            "--kp_hmac_inputkey"
        }) {
            assertTrue(enc.out().contains(option), option + " in\n" + enc.out());
        }
        assertTrue(CliRun.in(tmp, "decrypt", "--help")
                .out()
                .replaceAll("\\s+", " ")
                .contains("INPUT KEYFILE OUTPUT"));
        String top = CliRun.in(tmp, "--help").out();
        assertTrue(top.contains("encrypt") && top.contains("decrypt") && top.contains("generate-key"), top);
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertOwnerOnly(Path file) throws Exception {
        Assumptions.assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
    }
}
