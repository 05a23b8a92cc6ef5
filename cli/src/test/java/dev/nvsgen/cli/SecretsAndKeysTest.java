package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dump keeps secrets to itself without --show-secrets; verify of an encrypted image without keys is one line. */
class SecretsAndKeysTest {
    private static final String PEM =
            "-----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMGByqGSM49\\n-----END PRIVATE KEY-----\\n";

    @TempDir
    Path tmp;

    @BeforeEach
    void images() throws IOException {
        Files.writeString(
                tmp.resolve("nvs.csv"),
                "key,type,encoding,value\nesp_secure_cert,namespace,,\npriv_key,data,string," + PEM + "\n"
                        + "cert,data,string,-----BEGIN CERTIFICATE-----\n"
                        + "wifi_password,data,string,hunter2\nhmac_key,data,hex2bin,00112233\n"
                        + "pem_blob,data,string,x" + PEM + "\nds_key_id,data,u8,1\nserial,data,string,ACME-1\n");
        assertEquals(
                0, CliRun.in(tmp, "generate", "nvs.csv", "nvs.bin", "0x3000").status());
        CliRun enc = CliRun.in(tmp, "encrypt", "nvs.csv", "enc.bin", "0x3000", "--keygen", "--keyfile", "k.bin");
        assertEquals(0, enc.status(), enc.err());
        assertEquals(0, CliRun.in(tmp, "generate-key", "--keyfile", "other.bin").status());
    }

    @Test
    void textDumpHidesSecrets() {
        CliRun run = CliRun.in(tmp, "dump", "nvs.bin");
        assertEquals(0, run.status(), run.err());
        assertFalse(run.out().contains("MIGH"), run.out());
        assertFalse(run.out().contains("hunter2"), run.out());
        assertTrue(
                run.out().contains("  priv_key       string  (secret, 78 bytes; --show-secrets shows it)\n"),
                run.out());
        assertTrue(
                run.out().contains("  hmac_key       blob    (secret, 4 bytes; --show-secrets shows it)\n"), run.out());
        assertTrue(
                run.out().contains("  pem_blob       string  (secret, 79 bytes; --show-secrets shows it)\n"),
                run.out());
        assertTrue(run.out().contains("  ds_key_id      u8      1\n"), run.out());
        assertTrue(run.out().contains("  serial         string  \"ACME-1\"\n"), run.out());
        assertTrue(run.out().contains("  cert           string  \"-----BEGIN CERTIFICATE-----\"\n"), run.out());

        CliRun shown = CliRun.in(tmp, "dump", "nvs.bin", "--show-secrets");
        assertTrue(shown.out().contains("MIGHAgEAMBMGByqGSM49"), shown.out());
        assertTrue(shown.out().contains("\"hunter2\""), shown.out());
    }

    @Test
    void jsonAndCsvToo() {
        CliRun json = CliRun.in(tmp, "dump", "nvs.bin", "--format", "json");
        assertTrue(
                json.out().contains("\"key\": \"priv_key\", \"type\": \"string\", \"value\": null, \"secret\": true}"),
                json.out());
        assertFalse(json.out().contains("MIGH"), json.out());
        CliRun csv = CliRun.in(tmp, "dump", "nvs.bin", "--format", "csv");
        assertEquals(
                "nvsgen dump: error: nvs.bin: entry esp_secure_cert/priv_key is a secret; CSV output writes every"
                        + " value in full, so it needs --show-secrets\n",
                csv.err());
        assertEquals(ExitCode.INPUT, csv.status());
        assertEquals("", csv.out());
        assertTrue(CliRun.in(tmp, "dump", "nvs.bin", "--format", "csv", "--show-secrets")
                .out()
                .contains("hunter2"));
    }

    @Test
    void verifyWithoutKeysIsOneLine() {
        CliRun run = CliRun.in(tmp, "verify", "enc.bin");
        assertEquals("", run.out());
        assertEquals(
                "nvsgen verify: error: enc.bin: none of the 19 written entries is a valid NVS item; if the image is"
                        + " encrypted, read it with its keys (--keys or --hmac-key)\n",
                run.err());
        assertEquals(ExitCode.UNREADABLE, run.status());
    }

    @Test
    void verifyWithWrongKeysIsOneLineWithTheSameStatus() {
        CliRun run = CliRun.in(tmp, "verify", "enc.bin", "--keys", "keys/other.bin");
        assertEquals("", run.out());
        assertEquals(
                "nvsgen verify: error: enc.bin with keys/other.bin: none of the image's 19 written entries decrypts"
                        + " to a valid NVS item: the keys do not belong to this image\n",
                run.err());
        assertEquals(ExitCode.UNREADABLE, run.status());
        CliRun right = CliRun.in(tmp, "verify", "enc.bin", "--keys", "keys/k.bin");
        assertEquals(ExitCode.OK, right.status(), right.err());
    }
}
