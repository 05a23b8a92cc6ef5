package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code nvsgen secure-cert} as a drop-in for configure_esp_secure_cert.py: each shared case's command line, run
 * with {@code secure-cert} in the tool's place, writes the case's expected.bin (DS cases with the case's pinned
 * IV); what needs a device is refused; dump and verify read what it writes.
 */
class SecureCertCommandTest {
    private static final Supplier<SecureRandom> DEFAULT_RANDOM = SecureCertCommand.random;

    @TempDir
    Path tmp;

    @AfterEach
    void restoreRandom() {
        SecureCertCommand.random = DEFAULT_RANDOM;
    }

    static Path shared() {
        return Path.of(System.getProperty("nvsgen.shared.dir", "../../shared"), "secure-cert")
                .toAbsolutePath()
                .normalize();
    }

    static List<Path> cases() throws Exception {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(shared())) {
            try (Stream<Path> s = Files.list(shared())) {
                s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** The case's command with {@code secure-cert} for the tool, and the bytes it pins os.urandom to. */
    static String[] args(JsonNode c) {
        String cmd = c.get("command").asString();
        byte[] pinned = new byte[0];
        if (cmd.startsWith("PIN_URANDOM_HEX=")) {
            pinned = HexFormat.of().parseHex(cmd.substring("PIN_URANDOM_HEX=".length(), cmd.indexOf(' ')));
            cmd = cmd.substring(cmd.indexOf(' ') + 1);
        }
        byte[] pin = pinned;
        SecureCertCommand.random = () -> new Pinned(pin);
        String[] words = cmd.split(" ");
        words[0] = "secure-cert";
        return words;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesWhatTheToolWrites(Path dir) throws Exception {
        JsonNode c = new ObjectMapper().readTree(dir.resolve("case.json").toFile());
        Path work = tmp.resolve("case");
        CliRun.copyTree(dir, work);
        CliRun run = CliRun.in(work, args(c));
        assertEquals(0, run.status(), run.err());
        Path bin = work.resolve("esp_secure_cert_data/esp_secure_cert.bin");
        assertArrayEquals(Files.readAllBytes(dir.resolve("expected.bin")), Files.readAllBytes(bin));
        assertEquals(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(bin));
        assertTrue(
                run.out()
                        .contains("esptool.py --chip " + c.get("target_chip").asString() + " -p PORT write_flash"
                                + " 0xD000 esp_secure_cert_data/esp_secure_cert.bin"),
                run.out());
        if (c.get("format").asString().equals("cust_flash_tlv")) {
            CliRun verify = CliRun.in(work, "verify", "esp_secure_cert_data/esp_secure_cert.bin");
            assertEquals(0, verify.status(), verify.out() + verify.err());
            CliRun dump = CliRun.in(work, "dump", "esp_secure_cert_data/esp_secure_cert.bin");
            assertEquals(0, dump.status(), dump.err());
            assertFalse(dump.out().contains("PRIVATE KEY-----"), "dump must not print keys");
            assertFalse(dump.out().contains("MHcCAQEE"), "dump must not print keys");
        }
        if (c.has("ds")) {
            assertTrue(
                    run.out()
                            .contains("Burn the key: espefuse.py --chip esp32s3 -p PORT burn_key BLOCK_KEY1"
                                    + " hmac_key.bin HMAC_DOWN_DIGITAL_SIGNATURE"),
                    run.out());
        }
    }

    static Path sharedCase(String name) {
        Path dir = shared().resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir), () -> dir + " not found; skipping");
        return dir;
    }

    @Test
    void generatesAnOwnerOnlyHmacKeyAndWillNotOverwriteIt() throws Exception {
        Path work = tmp.resolve("ds");
        CliRun.copyTree(sharedCase("tlv_rsa2048_ds_esp32s3"), work);
        String[] cmd = {
            "secure-cert",
            "--ca-cert",
            "ca.pem",
            "--device-cert",
            "device.pem",
            "--private-key",
            "device.key",
            "--configure_ds",
            "--priv_key_algo",
            "RSA",
            "2048",
            "--efuse_key_id",
            "2",
            "--target_chip",
            "esp32c6",
            "--skip_flash"
        };
        CliRun run = CliRun.in(work, cmd);
        assertEquals(0, run.status(), run.err());
        Path key = work.resolve("esp_secure_cert_data/hmac_key.bin");
        assertEquals(32, Files.size(key));
        assertEquals(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(key));
        assertTrue(
                run.out()
                        .contains("espefuse.py --chip esp32c6 -p PORT burn_key BLOCK_KEY2"
                                + " esp_secure_cert_data/hmac_key.bin HMAC_DOWN_DIGITAL_SIGNATURE"),
                run.out());
        CliRun verify = CliRun.in(work, "verify", "esp_secure_cert_data/esp_secure_cert.bin");
        assertEquals(0, verify.status(), verify.out());

        byte[] before = Files.readAllBytes(key);
        CliRun again = CliRun.in(work, cmd);
        assertEquals(1, again.status());
        assertEquals(
                "nvsgen secure-cert: error: esp_secure_cert_data/hmac_key.bin exists and may already be burnt"
                        + " into a device: pass it with --efuse_key_file to use it, or move it away for a new key\n",
                again.err());
        assertArrayEquals(before, Files.readAllBytes(key));
    }

    @Test
    void refusesWhatNeedsADevice() throws Exception {
        CliRun run = CliRun.in(
                tmp, "secure-cert", "--device-cert", "d.pem", "-p", "/dev/ttyUSB0", "--target_chip", "esp32s3");
        assertEquals(2, run.status());
        assertEquals(
                "nvsgen secure-cert: error: nvsgen does not flash or burn eFuses: drop -p/--port, then run"
                        + " esptool.py --chip esp32s3 -p /dev/ttyUSB0 write_flash 0xD000 esp_secure_cert_data/esp_secure_cert.bin\n",
                run.err());
        CliRun summary = CliRun.in(tmp, "secure-cert", "--summary", "--target_chip", "esp32s3");
        assertEquals(2, summary.status());
        assertEquals(
                "nvsgen secure-cert: error: --summary reads the device's eFuses; run: espefuse.py --chip esp32s3"
                        + " -p PORT summary\n",
                summary.err());
        assertFalse(Files.exists(tmp.resolve("esp_secure_cert_data")));
    }

    @Test
    void badInputsAreOneLine() throws Exception {
        Path work = tmp.resolve("bad");
        CliRun.copyTree(sharedCase("tlv_rsa2048_pkcs8_pem"), work);
        assertErr(
                work,
                2,
                "--configure_ds needs --efuse_key_id (the eFuse key block, 0 to 5)",
                "--private-key",
                "device.key",
                "--configure_ds",
                "--priv_key_algo",
                "RSA",
                "2048");
        assertErr(
                work,
                2,
                "--configure_ds needs --priv_key_algo RSA BITS or ECDSA BITS",
                "--private-key",
                "device.key",
                "--configure_ds",
                "--efuse_key_id",
                "1");
        assertErr(
                work,
                1,
                "device.key: declared RSA 3072 but it is a 2048-bit key",
                "--private-key",
                "device.key",
                "--configure_ds",
                "--priv_key_algo",
                "RSA",
                "3072",
                "--efuse_key_id",
                "1");
        assertErr(
                work,
                1,
                "esp32 has no DS peripheral for RSA keys (esp32s2, esp32s3, esp32c3, esp32c6, esp32h2, esp32p4, esp32c5"
                        + " have one)",
                "--private-key",
                "device.key",
                "--configure_ds",
                "--priv_key_algo",
                "RSA",
                "2048",
                "--efuse_key_id",
                "1",
                "--target_chip",
                "esp32");
        assertErr(work, 1, "missing.pem: no such file", "--device-cert", "missing.pem");
        assertErr(
                work,
                2,
                "--target_chip: unknown target chip 'esp33' (one of esp32, esp32s2, esp32s3, esp32c2,"
                        + " esp32c3, esp32c5, esp32c6, esp32h2, esp32p4, esp32c61, esp32s31)",
                "--device-cert",
                "device.pem",
                "--target_chip",
                "esp33");
        assertErr(
                work,
                1,
                "device.key: holds a PRIVATE KEY where only certificates belong (keep the CA key in its own" + " file)",
                "--ca-cert",
                "device.key");
        assertFalse(Files.exists(work.resolve("esp_secure_cert_data")));
    }

    private static void assertErr(Path work, int status, String message, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "secure-cert";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun run = CliRun.in(work, all);
        assertEquals(status, run.status(), run.err());
        assertEquals("nvsgen secure-cert: error: " + message + "\n", run.err());
    }

    @Test
    void verifyLocatesADamagedTlv() throws Exception {
        Path dir = sharedCase("tlv_ec_p256_pem");
        byte[] image = Files.readAllBytes(dir.resolve("expected.bin"));
        image[640 + 100] ^= 1; // inside the DEV_CERT TLV at 0x280
        Files.write(tmp.resolve("bad.bin"), image);
        CliRun run = CliRun.in(tmp, "verify", "bad.bin");
        assertEquals(1, run.status(), run.out());
        assertTrue(run.out().contains("offset 0x280: DEV_CERT TLV (subtype 0) at offset 0x280: CRC"), run.out());
        assertTrue(run.out().contains("INTEGRITY TLV at offset 0x580"), run.out());
    }

    /** Hands out fixed bytes, as the cases pin os.urandom. */
    static final class Pinned extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private int next;

        Pinned(byte[] bytes) {
            super(new byte[0]);
            this.bytes = bytes;
        }

        @Override
        public synchronized void nextBytes(byte[] out) {
            if (next + out.length > bytes.length) {
                // Not pinned by the case (a generated key): real randomness.
                new SecureRandom().nextBytes(out);
                return;
            }
            System.arraycopy(bytes, next, out, 0, out.length);
            next += out.length;
        }
    }
}
