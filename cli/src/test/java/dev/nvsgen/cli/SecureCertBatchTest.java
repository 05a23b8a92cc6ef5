package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.provisioning.testing.Fixture;
import dev.nvsgen.securecert.DeviceView;
import dev.nvsgen.securecert.SecureCertFinding;
import dev.nvsgen.securecert.SecureCertVerifier;
import dev.nvsgen.securecert.TlvImage;
import dev.nvsgen.securecert.TlvReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nvsgen batch} with {@code preset: esp_secure_cert}: TLV partitions (EC, RSA, DS), legacy layouts by field. */
class SecureCertBatchTest {
    @TempDir
    Path tmp;

    private static final String TABLE = """
            # Name,   Type, SubType, Offset,  Size, Flags
            nvs,      data, nvs,     0x9000,  0x4000,
            esp_secure_cert, 0x3F, , 0xD000, 0x2000, encrypted
            factory,  app,  factory, 0x10000, 1M,
            """;

    private Fixture fixture(int devices) {
        return new Fixture(tmp).devices(devices);
    }

    private CliRun batch(Fixture f, String manifest, String... more) {
        f.write("m.yaml", manifest);
        String[] args = new String[5 + more.length];
        args[0] = "batch";
        args[1] = "m.yaml";
        args[2] = "--outdir";
        args[3] = "out";
        args[4] = "-q";
        System.arraycopy(more, 0, args, 5, more.length);
        return CliRun.in(tmp, args);
    }

    private static List<SecureCertFinding> errors(TlvImage image, Optional<HmacKey> hmac) {
        return SecureCertVerifier.verify(image, hmac).stream()
                .filter(x -> x.severity() == SecureCertFinding.Severity.ERROR)
                .toList();
    }

    private void assertReadAsTheDevice(String serial, boolean ds, Optional<HmacKey> hmac) throws Exception {
        byte[] bytes = Files.readAllBytes(tmp.resolve("out/bin/" + serial + ".bin"));
        assertTrue(TlvReader.isTlvPartition(bytes), serial);
        TlvImage image = TlvReader.read(bytes);
        assertEquals(List.of(), errors(image, hmac), serial);
        DeviceView view = DeviceView.ofTlv(image, new DeviceView.Build(false, ds));
        String pem = Files.readString(tmp.resolve("out/certs/" + serial + ".pem"));
        byte[] stored = view.deviceCert().orElseThrow().toByteArray();
        assertEquals(pem + "\0", new String(stored, StandardCharsets.US_ASCII), "PEM with its NUL");
        assertTrue(view.caCert().isPresent());
        assertEquals(ds, view.ds().isPresent());
        assertEquals(!ds, view.hasPrivateKey());
    }

    @Test
    void ecBatchWritesTlvPartitionsTheReaderAcceptsAndACorruptedOneFailsVerify() throws Exception {
        Fixture f = fixture(3);
        CliRun run = batch(f, "preset: esp_secure_cert\ndevices: {csv: devices.csv}\n" + Fixture.credentials());
        assertEquals(0, run.status(), run.err());
        for (int i = 1; i <= 3; i++) {
            assertReadAsTheDevice(String.format("SN-%04d", i), false, Optional.empty());
        }
        String json = Files.readString(tmp.resolve("out/batch-run.json"));
        assertTrue(json.contains("\"esp_secure_cert\" : \"cust_flash_tlv, esp32c3, plaintext\""), json);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("out/bin/SN-0001.bin"))));

        assertEquals(0, CliRun.in(tmp, "verify", "out/bin/SN-0001.bin").status());
        byte[] bad = Files.readAllBytes(tmp.resolve("out/bin/SN-0001.bin"));
        bad[40] ^= 1;
        Files.write(tmp.resolve("bad.bin"), bad);
        CliRun verify = CliRun.in(tmp, "verify", "bad.bin");
        assertEquals(ExitCode.INPUT, verify.status(), verify.out() + verify.err());

        CliRun resume = batch(f, Files.readString(tmp.resolve("m.yaml")), "--resume");
        assertEquals(0, resume.status(), resume.err());
        assertTrue(resume.out().startsWith("Made 0 device images (3 already done)"), resume.out());
    }

    @Test
    void rsaDsPerDeviceWritesTheHmacKeyOwnerOnlyAndTheBurnKeyLine() throws Exception {
        Fixture f = fixture(2);
        CliRun run = batch(
                f,
                "preset: esp_secure_cert\nsecure-cert: {chip: esp32s3, key: rsa-ds, efuse-key-id: 2}\n"
                        + "devices: {csv: devices.csv}\n" + Fixture.credentials("key-type: rsa-2048"));
        assertEquals(0, run.status(), run.err());
        for (String serial : List.of("SN-0001", "SN-0002")) {
            Path key = tmp.resolve("out/keys/" + serial + "-hmac-key.bin");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            HmacKey hmac = HmacKey.read(key);
            assertReadAsTheDevice(serial, true, Optional.of(hmac));
            assertEquals(
                    "espefuse.py --chip esp32s3 -p PORT burn_key BLOCK_KEY2 keys/" + serial
                            + "-hmac-key.bin HMAC_DOWN_DIGITAL_SIGNATURE\n",
                    Files.readString(tmp.resolve("out/bin/" + serial + "-burn-key.txt")));
        }
        String json = Files.readString(tmp.resolve("out/batch-run.json"));
        assertTrue(
                json.contains("\"burn_key\" : \"espefuse.py --chip esp32s3 -p PORT burn_key BLOCK_KEY2"
                        + " keys/${serial}-hmac-key.bin HMAC_DOWN_DIGITAL_SIGNATURE\""),
                json);
        String csv = Files.readString(tmp.resolve("out/batch-run.csv"));
        assertTrue(csv.contains("keys/SN-0001-hmac-key.bin"), csv);
    }

    @Test
    void rsaPlaintextAndAGivenHmacKey() throws Exception {
        Fixture f = fixture(2);
        f.write("hmac.bin", new byte[32]);
        CliRun plain = batch(
                f,
                "preset: esp_secure_cert\ndevices: {csv: devices.csv}\n" + Fixture.credentials("key-type: rsa-2048"));
        assertEquals(0, plain.status(), plain.err());
        assertReadAsTheDevice("SN-0002", false, Optional.empty());
        CliRun given = batch(
                f,
                "preset: esp_secure_cert\nsecure-cert: {chip: esp32c6, key: rsa-ds, hmac-key: hmac.bin}\n"
                        + "devices: {csv: devices.csv}\n" + Fixture.credentials("key-type: rsa-2048"),
                "--force");
        assertEquals(0, given.status(), given.err());
        assertReadAsTheDevice("SN-0001", true, Optional.of(HmacKey.of(new byte[32])));
        assertFalse(Files.exists(tmp.resolve("out/keys/SN-0001-hmac-key.bin")), "the given key is not copied");
        assertEquals(
                "espefuse.py --chip esp32c6 -p PORT burn_key BLOCK_KEY1 hmac.bin HMAC_DOWN_DIGITAL_SIGNATURE\n",
                Files.readString(tmp.resolve("out/bin/SN-0001-burn-key.txt")));
    }

    @Test
    void aPartitionTablePlacesTheImageOnTheEspSecureCertPartition() throws Exception {
        Fixture f = fixture(2);
        f.write("partitions.csv", TABLE);
        CliRun run = batch(
                f,
                "preset: esp_secure_cert\npartition: {table: partitions.csv}\ndevices: {csv: devices.csv}\n"
                        + Fixture.credentials());
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        assertEquals(
                List.of("--flash_mode keep --flash_freq keep --flash_size keep", "0xd000 SN-0002.bin"),
                Files.readAllLines(tmp.resolve("out/bin/SN-0002.flash_args")));
        String json = Files.readString(tmp.resolve("out/batch-run.json"));
        assertTrue(json.contains("\"flash_offset\" : \"0xd000\""), json);
        assertReadAsTheDevice("SN-0002", false, Optional.empty());
    }

    @Test
    void legacyLayoutsByField() throws Exception {
        Fixture f = fixture(1);
        CliRun run = batch(
                f,
                "preset: esp_secure_cert\nsecure-cert: {format: cust_flash}\ndevices: {csv: devices.csv}\n"
                        + Fixture.credentials());
        assertEquals(0, run.status(), run.err());
        byte[] image = Files.readAllBytes(tmp.resolve("out/bin/SN-0001.bin"));
        assertEquals(0x6000, image.length);
        DeviceView view = DeviceView.ofCustFlash(image, new DeviceView.Build(true, false));
        String pem = Files.readString(tmp.resolve("out/certs/SN-0001.pem"));
        assertArrayEquals(
                (pem + "\0").getBytes(StandardCharsets.US_ASCII),
                view.deviceCert().orElseThrow().toByteArray());
        assertTrue(view.hasPrivateKey());
    }

    @Test
    void manifestsWrittenForTheOldLegacyDefaultAreRefusedWithWhatToWrite() {
        Fixture f = fixture(1);
        f.write(
                "partitions.csv",
                TABLE.replace(
                        "esp_secure_cert, 0x3F, , 0xD000, 0x2000, encrypted",
                        "esp_secure_cert, data, nvs, 0xD000, 0x3000,"));
        assertEquals(
                "m.yaml:2: partition.table: partitions.csv:3: partition 'esp_secure_cert' is data,nvs; the cust_flash_tlv"
                        + " format goes in a partition of type 0x3F: change its line to 'esp_secure_cert,"
                        + " 0x3F, , 0xd000, 0x3000, encrypted', or add 'secure-cert: {format: nvs}' to keep the legacy"
                        + " NVS layout (firmware then needs CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS=y)",
                refusal(
                        f,
                        "preset: esp_secure_cert\npartition: {table: partitions.csv}\ndevices: {csv: devices.csv}\n"
                                + Fixture.credentials()));
        String namespaces = refusal(
                f,
                "preset: esp_secure_cert\ndevices: {csv: devices.csv}\n" + Fixture.credentials()
                        + "namespaces:\n  esp_secure_cert:\n    extra: {type: u8, value: 1}\n");
        assertTrue(
                namespaces.endsWith("add 'secure-cert: {format: nvs}' to keep the legacy NVS layout (firmware then"
                        + " needs CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS=y)"),
                namespaces);
        assertEquals(
                "m.yaml:2: secure-cert.key: key: rsa-ds needs RSA keys (credentials.key-type: rsa-2048); for EC keys"
                        + " use ecdsa-peripheral or plaintext",
                refusal(
                        f,
                        "preset: esp_secure_cert\nsecure-cert: {key: rsa-ds}\ndevices: {csv: devices.csv}\n"
                                + Fixture.credentials()));
    }

    private String refusal(Fixture f, String manifest) {
        CliRun run = batch(f, manifest);
        assertEquals(ExitCode.INPUT, run.status(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        String prefix = "nvsgen batch: error: ";
        assertTrue(run.err().startsWith(prefix), run.err());
        return run.err().strip().substring(prefix.length());
    }
}
