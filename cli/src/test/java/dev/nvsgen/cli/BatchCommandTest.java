package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsType;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.provisioning.testing.Fixture;
import dev.nvsgen.provisioning.testing.Readback;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nvsgen batch} end to end: every image of a run is read back and compared with what the manifest
 * and device list say, its certificate validated up to the CA and its key matched to the certificate.
 */
class BatchCommandTest {
    @TempDir
    Path tmp;

    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    // ---- the bundled example ------------------------------------------------------------------

    @Test
    void bundledExampleMakesImagesThatReadBackChainToTheCaAndHoldTheirKey() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.in(PROJECT, "batch", "testdata/batch/manifest.yaml", "--outdir", out.toString(), "-q");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("Made 8 device images in "), run.out());

        X509Certificate ca = certificates(Files.readAllBytes(PROJECT.resolve("testdata/batch/ca/ca.pem")))
                .get(0);
        Map<String, Map<String, String>> devices = csv(PROJECT.resolve("testdata/batch/devices.csv"));
        List<Map<String, String>> rows =
                new ArrayList<>(csv(out.resolve("batch-run.csv")).values());
        assertEquals(
                List.copyOf(devices.keySet()),
                rows.stream().map(r -> r.get("serial")).toList(),
                "one row per device, in device order");
        String cloud = Files.readString(PROJECT.resolve("testdata/batch/files/cloud.json"));
        for (Map<String, String> row : rows) {
            String serial = row.get("serial");
            Map<String, String> device = devices.get(serial);
            byte[] image = Files.readAllBytes(out.resolve(row.get("image")));
            assertEquals(0x6000, image.length);
            assertEquals(sha256(image), row.get("image_sha256"));
            Map<String, NvsValue> e = Readback.entries(image);
            assertEquals(
                    Set.of(
                            "factory/serial",
                            "factory/hw_rev",
                            "factory/mac",
                            "factory/cloud",
                            "certs/device_cert",
                            "certs/device_key",
                            "certs/ca_cert"),
                    e.keySet());
            assertEquals(NvsValue.string(serial), e.get("factory/serial"));
            assertEquals(NvsValue.u8(Integer.parseInt(device.get("hw_rev"))), e.get("factory/hw_rev"));
            assertEquals(NvsValue.blob(Bytes.fromHex(device.get("mac"))), e.get("factory/mac"));
            assertEquals(NvsValue.string(cloud), e.get("factory/cloud"));
            assertEquals(
                    NvsValue.string(Files.readString(PROJECT.resolve("testdata/batch/ca/ca.pem"))),
                    e.get("certs/ca_cert"));

            byte[] certDer = blob(e.get("certs/device_cert"));
            X509Certificate cert = certificates(certDer).get(0);
            Fixture.validate(List.of(cert), ca);
            assertArrayEquals(
                    certDer,
                    certificates(Files.readAllBytes(out.resolve("certs/" + serial + ".pem")))
                            .get(0)
                            .getEncoded());
            // As openssl prints serials: upper-case hex, an even number of digits.
            String hex = cert.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
            assertEquals(hex.length() % 2 == 0 ? hex : "0" + hex, row.get("certificate_serial"));
            assertEquals(sha256(certDer), row.get("certificate_sha256"));
            String region = device.get("region").replace(",", "\\,");
            assertEquals(
                    "CN=" + serial + ",OU=" + region + ",O=nvsgen example",
                    cert.getSubjectX500Principal().getName());
            assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
            assertKeyMatches(privateKeyDer(e.get("certs/device_key")), cert.getPublicKey());
        }
        assertOwnerOnlyFolder(out.resolve("bin"));
        assertTrue(Files.readString(out.resolve("batch-run.json")).contains("\"device_count\" : 8"));
        CliRun dump = CliRun.in(out, "dump", "bin/SN-0005.bin");
        assertEquals(0, dump.status(), dump.err());
        assertTrue(
                dump.out()
                        .startsWith("bin/SN-0005.bin: NVS format version 2, 6 pages, 7 entries in 2 namespaces,"
                                + " no problems found"),
                dump.out());
    }

    @Test
    void bundledCsrExampleKeepsEachRequestsKey() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.in(PROJECT, "batch", "testdata/batch/csr-manifest.yaml", "--outdir", out.toString());
        assertEquals(0, run.status(), run.err());
        for (String serial : List.of("SN-0101", "SN-0102", "SN-0103")) {
            byte[] image = Files.readAllBytes(out.resolve("bin/" + serial + ".bin"));
            assertEquals(0x3000, image.length);
            Map<String, NvsValue> e = Readback.entries(image);
            assertEquals(Set.of("esp_secure_cert/ca_cert", "esp_secure_cert/dev_cert"), e.keySet());
            X509Certificate cert = certificates(
                            text(e.get("esp_secure_cert/dev_cert")).getBytes(StandardCharsets.US_ASCII))
                    .get(0);
            assertEquals(csrPublicKey(PROJECT.resolve("testdata/batch/csrs/" + serial + ".csr")), cert.getPublicKey());
            assertEquals(
                    "CN=" + serial + ",O=nvsgen example",
                    cert.getSubjectX500Principal().getName());
        }
    }

    // ---- credentials ----------------------------------------------------------------------------

    @Test
    void csrModeKeepsTheCsrPublicKeyInTheEspSecureCertLayout() throws Exception {
        Fixture f = new Fixture(tmp).devices(3);
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            KeyPair k = TestCa.generate(i == 2 ? "RSA" : "EC");
            keys.add(k);
            f.write(String.format("csrs/SN-%04d.csr", i), TestCa.csrPem(k, "CN=whatever"));
        }
        f.write(
                "m.yaml",
                "preset: esp_secure_cert\nsecure-cert: {format: nvs}\ndevices:\n  csv: devices.csv\n"
                        + Fixture.credentials("csr: csrs/${serial}.csr", "validity-days: 30"));
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(0, run.status(), run.err());
        for (int i = 1; i <= 3; i++) {
            String serial = String.format("SN-%04d", i);
            Map<String, NvsValue> e = Readback.entries(Files.readAllBytes(tmp.resolve("out/bin/" + serial + ".bin")));
            X509Certificate cert = certificates(
                            text(e.get("esp_secure_cert/dev_cert")).getBytes(StandardCharsets.US_ASCII))
                    .get(0);
            assertEquals(keys.get(i - 1).getPublic(), cert.getPublicKey());
            assertEquals("CN=" + serial, cert.getSubjectX500Principal().getName());
            Fixture.validate(List.of(cert), f.ca.certificate);
            assertEquals(
                    new String(f.ca.certificatePem(), StandardCharsets.US_ASCII),
                    text(e.get("esp_secure_cert/ca_cert")));
            assertFalse(e.containsKey("esp_secure_cert/priv_key"));
        }
    }

    @Test
    void espSecureCertPresetWithIssuedKeysStoresPemStrings() throws Exception {
        Fixture f = new Fixture(tmp);
        f.write(
                "m.yaml",
                "preset: esp_secure_cert\nsecure-cert: {format: nvs}\ndevices:\n  range: {prefix: \"dev-\", from: 8, to: 10}\n"
                        + Fixture.credentials("key-type: ec-p384", "subject: \"CN=${serial},serialNumber=${number}\""));
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(0, run.status(), run.err());
        for (int n = 8; n <= 10; n++) {
            byte[] image = Files.readAllBytes(tmp.resolve("out/bin/dev-" + n + ".bin"));
            assertEquals(0x3000, image.length);
            Map<String, NvsValue> e = Readback.entries(image);
            assertEquals(
                    List.of("esp_secure_cert/ca_cert", "esp_secure_cert/dev_cert", "esp_secure_cert/priv_key"),
                    List.copyOf(e.keySet()));
            X509Certificate cert = certificates(
                            text(e.get("esp_secure_cert/dev_cert")).getBytes(StandardCharsets.US_ASCII))
                    .get(0);
            Fixture.validate(List.of(cert), f.ca.certificate);
            assertEquals(
                    "CN=dev-" + n + ",SERIALNUMBER=" + n,
                    cert.getSubjectX500Principal()
                            .getName(javax.security.auth.x500.X500Principal.RFC1779)
                            .replace("OID.2.5.4.5", "SERIALNUMBER")
                            .replace(" ", ""));
            String pem = text(e.get("esp_secure_cert/priv_key"));
            assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
            assertKeyMatches(pemBody(pem), cert.getPublicKey());
        }
    }

    @Test
    void rsaKeysAndIntermediateCaChains() throws Exception {
        TestCa root = TestCa.root("root");
        TestCa intermediate = TestCa.builder("intermediate").signedBy(root).build();
        Fixture f = new Fixture(tmp, intermediate).devices(2);
        f.write("ca/ca.pem", concat(intermediate.certificatePem(), root.certificatePem()));
        f.write(
                "m.yaml",
                Fixture.manifest(
                        Fixture.credentials("key-type: rsa-2048"),
                        Fixture.CERTS + "    chain: {credential: certificate-chain, format: pem}\n"));
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(0, run.status(), run.err());
        Map<String, NvsValue> e = Readback.entries(Files.readAllBytes(tmp.resolve("out/bin/SN-0002.bin")));
        List<X509Certificate> chain = certificates(text(e.get("certs/chain")).getBytes(StandardCharsets.US_ASCII));
        assertEquals(3, chain.size());
        assertEquals(
                List.of(intermediate.certificate, root.certificate),
                certificates(text(e.get("certs/ca_cert")).getBytes(StandardCharsets.US_ASCII)));
        Fixture.validate(chain.subList(0, 2), root.certificate);
        assertEquals("RSA", chain.get(0).getPublicKey().getAlgorithm());
        assertKeyMatches(pemBody(text(e.get("certs/device_key"))), chain.get(0).getPublicKey());
    }

    @Test
    void partitionTableGivesTheSizeAndTheFlashOffset() throws Exception {
        Fixture f = new Fixture(tmp).devices(2);
        f.write("partitions.csv", """
                # Name,   Type, SubType, Offset,  Size, Flags
                nvs,      data, nvs,     0x9000,  0x6000,
                phy_init, data, phy,     0xf000,  0x1000,
                factory,  app,  factory, 0x10000, 1M,
                esp_secure_cert, data, nvs, 0x110000, 0x4000,
                """);
        f.write(
                "m.yaml",
                "preset: esp_secure_cert\nsecure-cert: {format: nvs}\npartition: {table: partitions.csv, name: esp_secure_cert}\n"
                        + "devices: {csv: devices.csv}\n" + Fixture.credentials());
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "ok", "-q");
        assertEquals(0, run.status(), run.err());
        assertEquals(0x4000, Files.size(tmp.resolve("ok/bin/SN-0001.bin")));
        String json = Files.readString(tmp.resolve("ok/batch-run.json"));
        assertTrue(json.contains("\"partition\" : \"esp_secure_cert\""), json);
        assertTrue(json.contains("\"flash_offset\" : \"0x110000\""), json);
        assertEquals(
                List.of("--flash_mode keep --flash_freq keep --flash_size keep", "0x110000 SN-0001.bin"),
                Files.readAllLines(tmp.resolve("ok/bin/SN-0001.flash_args")),
                "each device's esptool argument file names its image at the partition's offset");

        f.write(
                "m.yaml",
                "preset: esp_secure_cert\nsecure-cert: {format: nvs}\npartition: {table: partitions.csv, name: certs}\n"
                        + "devices: {csv: devices.csv}\n" + Fixture.credentials());
        assertRefused(
                f,
                Files.readString(tmp.resolve("m.yaml")),
                "the partition table has no partition named 'certs'; its data,nvs partitions are 'nvs', 'esp_secure_cert'");
        assertRefused(
                f,
                "partition: {table: partitions.csv, size: 0x8000}\ndevices: {csv: devices.csv}\n" + "namespaces:\n"
                        + Fixture.FACTORY,
                "m.yaml:1: partition.size: partitions.csv:2: partition 'nvs' (data,nvs at 0x9000) holds 0x6000 bytes;"
                        + " the image is 0x8000");
    }

    // ---- encryption ------------------------------------------------------------------------------

    @Test
    void perDeviceKeysFilesDecryptTheirImage() throws Exception {
        Fixture f = new Fixture(tmp).devices(3);
        f.write(
                "m.yaml",
                Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS)
                        .replace("  size: 0x6000\n", "  size: 0x6000\n  encryption: {keys: per-device}\n"));
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(0, run.status(), run.err());
        Map<String, Map<String, String>> rows = csv(tmp.resolve("out/batch-run.csv"));
        for (String serial : rows.keySet()) {
            Path keysFile = tmp.resolve("out").resolve(rows.get(serial).get("keys_file"));
            assertEquals("keys/" + serial + ".bin", rows.get(serial).get("keys_file"));
            assertOwnerOnly(keysFile);
            byte[] image = Files.readAllBytes(tmp.resolve("out/bin/" + serial + ".bin"));
            byte[] plain = NvsEncryption.decrypt(image, NvsKeys.read(keysFile));
            assertEquals(NvsValue.string(serial), Readback.entries(plain).get("factory/serial"));
            CliRun dump = CliRun.in(
                    tmp.resolve("out"), "dump", "bin/" + serial + ".bin", "--keys", "keys/" + serial + ".bin");
            assertEquals(0, dump.status(), dump.err());
            assertTrue(dump.out().contains("  serial  string  \"" + serial + "\""), dump.out());
        }
        assertNotEquals(
                rows.get("SN-0001").get("image_sha256"), rows.get("SN-0002").get("image_sha256"));
    }

    @Test
    void sharedKeysAndHmacKeysEncryptEveryImageAlike() throws Exception {
        Fixture f = new Fixture(tmp).devices(2);
        NvsKeys keys = NvsKeys.generate();
        f.write("nvs_keys.bin", keys.toKeysPartition());
        HmacKey hmac = HmacKey.generate();
        f.write("hmac.bin", hmac.unsafeExportRawKeyBytes());
        String plain = "partition:\n  size: 0x3000\n  encryption: ENC\ndevices:\n  csv: devices.csv\nnamespaces:\n"
                + Fixture.FACTORY;
        f.write("keys.yaml", plain.replace("ENC", "{keys: nvs_keys.bin}"));
        f.write("hmac.yaml", plain.replace("ENC", "{hmac-key: hmac.bin}"));
        f.write("hmac-each.yaml", plain.replace("ENC", "{hmac-key: per-device}"));
        f.write("none.yaml", plain.replace("ENC", "none"));
        for (String name : List.of("keys", "hmac", "hmac-each", "none")) {
            CliRun run = CliRun.in(tmp, "batch", name + ".yaml", "--outdir", name, "-q");
            assertEquals(0, run.status(), run.err());
        }
        byte[] none = Files.readAllBytes(tmp.resolve("none/bin/SN-0002.bin"));
        assertArrayEquals(none, NvsEncryption.decrypt(Files.readAllBytes(tmp.resolve("keys/bin/SN-0002.bin")), keys));
        assertArrayEquals(
                none,
                NvsEncryption.decrypt(Files.readAllBytes(tmp.resolve("hmac/bin/SN-0002.bin")), hmac.deriveNvsKeys()));
        Path own = tmp.resolve("hmac-each/keys/SN-0002-hmac-key.bin");
        assertOwnerOnly(own);
        assertArrayEquals(
                none,
                NvsEncryption.decrypt(
                        Files.readAllBytes(tmp.resolve("hmac-each/bin/SN-0002.bin")),
                        HmacKey.read(own).deriveNvsKeys()));
        assertTrue(Files.readString(tmp.resolve("keys/batch-run.json"))
                .contains("\"encryption\" : \"keys file nvs_keys.bin\""));
    }

    @Test
    void badKeysFileIsRefusedBeforeAnythingIsWritten() {
        Fixture f = new Fixture(tmp).devices(1).write("nvs_keys.bin", new byte[100]);
        assertRefused(
                f,
                "partition: {size: 0x3000, encryption: {keys: nvs_keys.bin}}\ndevices: {csv: devices.csv}\n"
                        + "namespaces:\n" + Fixture.FACTORY,
                "nvs_keys.bin: ");
    }

    // ---- runs: deterministic, resumable, never half-written -------------------------------------

    @Test
    void sameInputsWithoutNewCredentialsGiveByteIdenticalImages() throws Exception {
        Fixture f = new Fixture(tmp).devices(5);
        f.write("files/blob.bin", new byte[] {1, 2, 3});
        f.write(
                "m.yaml",
                "partition: {size: 0x4000, version: 1}\ndevices:\n  csv: devices.csv\nnamespaces:\n" + Fixture.FACTORY
                        + "    blob: {type: binary, file: files/blob.bin}\n");
        assertEquals(0, CliRun.in(tmp, "batch", "m.yaml", "--outdir", "a", "-q").status());
        assertEquals(
                0,
                CliRun.in(tmp, "batch", "m.yaml", "--outdir", "b", "--threads", "1", "-q")
                        .status());
        assertEquals(CliRun.files(tmp.resolve("a")), CliRun.files(tmp.resolve("b")));
        for (String file : CliRun.files(tmp.resolve("a"))) {
            assertArrayEquals(
                    Files.readAllBytes(tmp.resolve("a").resolve(file)),
                    Files.readAllBytes(tmp.resolve("b").resolve(file)),
                    file);
        }
        Map<String, NvsValue> e = Readback.entries(Files.readAllBytes(tmp.resolve("a/bin/SN-0003.bin")));
        assertEquals(NvsValue.blob(new byte[] {1, 2, 3}), e.get("factory/blob"));
        assertEquals(new NvsValue.IntValue(NvsType.U8, 3), e.get("factory/hw_rev"));
    }

    @Test
    void resumeKeepsTheDevicesAlreadyMadeAndTheirCertificates() throws Exception {
        Fixture f = new Fixture(tmp).devices(6);
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS));
        assertEquals(
                0, CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "-q").status());
        Path out = tmp.resolve("out");
        Map<String, Map<String, String>> first = csv(out.resolve("batch-run.csv"));
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (String serial : first.keySet()) {
            images.put(serial, Files.readAllBytes(out.resolve("bin/" + serial + ".bin")));
        }
        // An interrupted run: the last two devices never got their line, the last line is cut short.
        List<String> lines = Files.readAllLines(out.resolve("batch-run.csv"));
        Files.writeString(out.resolve("batch-run.csv"), String.join("\n", lines.subList(0, 5)) + "\nSN-0005,bin/SN");
        Files.delete(out.resolve("bin/SN-0006.bin"));

        CliRun again = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(ExitCode.INPUT, again.status());
        assertEquals(
                "nvsgen batch: error: out already holds a run (batch-run.csv): pass --resume to finish it,"
                        + " --force to replace it, or choose another --outdir\n",
                again.err());

        CliRun resumed = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "--resume", "-q");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().startsWith("Made 2 device images (4 already done) in "), resumed.out());
        Map<String, Map<String, String>> second = csv(out.resolve("batch-run.csv"));
        assertEquals(List.copyOf(first.keySet()), List.copyOf(second.keySet()));
        for (String serial : List.of("SN-0001", "SN-0002", "SN-0003", "SN-0004")) {
            assertEquals(first.get(serial), second.get(serial), "kept as it was: " + serial);
            assertArrayEquals(images.get(serial), Files.readAllBytes(out.resolve("bin/" + serial + ".bin")));
        }
        for (String serial : List.of("SN-0005", "SN-0006")) {
            assertNotEquals(
                    first.get(serial).get("certificate_sha256"),
                    second.get(serial).get("certificate_sha256"));
        }
    }

    @Test
    void aStrayFileWithNoRunRecordIsFoundBeforeAnythingIsWritten() throws Exception {
        Fixture f = new Fixture(tmp).devices(4);
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS));
        f.write("out/bin/SN-0003.bin", "an image from somewhere else");
        String refused = "nvsgen batch: error: out/bin/SN-0003.bin already exists (device SN-0003, devices.csv:4),"
                + " but out holds no run record (batch-run.csv); not replacing it: move it away, choose another"
                + " --outdir, or --force to replace it\n";
        for (String[] args : List.of(
                new String[] {"batch", "m.yaml", "--outdir", "out", "--threads", "1", "-q"},
                new String[] {"batch", "m.yaml", "--outdir", "out", "--check"},
                new String[] {"batch", "m.yaml", "--outdir", "out", "--resume", "-q"})) {
            CliRun run = CliRun.in(tmp, args);
            assertEquals(ExitCode.INPUT, run.status(), run.err());
            assertEquals(refused, run.err());
            assertEquals(List.of("bin/SN-0003.bin"), CliRun.files(tmp.resolve("out")), "nothing written");
        }
        CliRun forced = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "--force", "-q");
        assertEquals(0, forced.status(), forced.err());
        assertEquals(
                List.of("SN-0001", "SN-0002", "SN-0003", "SN-0004"),
                List.copyOf(csv(tmp.resolve("out/batch-run.csv")).keySet()));
    }

    @Test
    void somethingInTheWayThatNoRunMayReplaceIsFoundBeforeAnythingIsWritten() throws Exception {
        Fixture f = new Fixture(tmp).devices(4);
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS));
        // In the way of device 3's image, and not a file even --force may replace: a folder with a file in it.
        f.write("out/bin/SN-0003.bin/in-the-way", "x");
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "--threads", "1", "--force", "-q");
        assertEquals(ExitCode.INPUT, run.status());
        assertEquals(
                "nvsgen batch: error: out/bin/SN-0003.bin: is a folder; nvsgen does not replace it with a file\n",
                run.err());
        assertEquals(List.of("bin/SN-0003.bin/in-the-way"), CliRun.files(tmp.resolve("out")), "nothing written");
    }

    @Test
    void checkWritesNothing() {
        new Fixture(tmp).devices(3).write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.CERTS));
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "--check");
        assertEquals(0, run.status(), run.err());
        assertEquals("m.yaml: 3 devices checked; nothing written\n", run.out());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    // ---- bad manifests: refused before anything is written -------------------------------------

    @Test
    void unknownFieldIsRefusedWithItsLine() {
        assertRefused(
                new Fixture(tmp).devices(2),
                "partition:\n  size: 0x6000\n  encrypton: none\ndevices:\n  csv: devices.csv\nnamespaces:\n"
                        + Fixture.FACTORY,
                "m.yaml:3: unknown field 'encrypton' of partition (did you mean 'encryption'?)");
    }

    @Test
    void missingColumnIsRefused() {
        assertRefused(
                new Fixture(tmp).devices(2),
                Fixture.manifest("", "  factory:\n    hw: {type: u8, value: \"${hw_revision}\"}\n"),
                "m.yaml:7: namespaces.factory.hw.value: '${hw_revision}' names no column of devices.csv"
                        + " (columns: serial, hw_rev, mac)");
    }

    @Test
    void caKeyOfAnotherCaIsRefused() {
        Fixture f = new Fixture(tmp).devices(2);
        f.write("ca/ca.key", TestCa.root("someone else").keyPem());
        assertRefused(
                f,
                Fixture.manifest(Fixture.credentials(), Fixture.CERTS),
                "ca/ca.key: this private key does not belong to the CA certificate 'CN=fixture CA,O=nvsgen tests'"
                        + " in ca/ca.pem");
    }

    @Test
    void duplicateSerialsAreRefused() {
        Fixture f = new Fixture(tmp).write("devices.csv", "serial,hw_rev,mac\nSN-1,1,00\nSN-2,2,00\nSN-1,3,00\n");
        assertRefused(
                f,
                Fixture.manifest("", Fixture.FACTORY),
                "devices.csv:4: serial 'SN-1' is listed twice (first on line 2)");
    }

    @Test
    void valueThatDoesNotFitItsTypeIsRefused() {
        Fixture f = new Fixture(tmp).write("devices.csv", "serial,hw_rev,mac\nSN-1,1,00\nSN-2,300,00\n");
        assertRefused(
                f,
                Fixture.manifest("", Fixture.FACTORY),
                "devices.csv:3 (device SN-2): key 'hw_rev' (m.yaml:8: namespaces.factory.hw_rev): value 300 is out of"
                        + " range for u8 (0 to 255)");
    }

    @Test
    void expiredCaIsRefused() {
        Instant now = Instant.now();
        Fixture f = new Fixture(
                        tmp,
                        TestCa.builder("old")
                                .validity(now.minus(30, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS))
                                .build())
                .devices(2);
        String message = refusal(f, Fixture.manifest(Fixture.credentials(), Fixture.CERTS));
        assertTrue(message.startsWith("ca/ca.pem: certificate 'CN=old,O=nvsgen tests' expired on "), message);
    }

    @Test
    void otherBadInputsAreRefused() {
        Fixture f = new Fixture(tmp).devices(2);
        assertAll(
                () -> assertRefused(
                        f,
                        Fixture.manifest(
                                Fixture.credentials()
                                        .replace("key: ca/ca.key", "key: ca/ca.key\n    passphrase: secret"),
                                Fixture.CERTS),
                        "m.yaml:9: credentials.ca.passphrase: the CA's passphrase is never read from the manifest:"
                                + " name an environment variable with passphrase-env (or a file with"
                                + " passphrase-file), or let nvsgen ask for it"),
                () -> assertRefused(
                        f,
                        Fixture.manifest(Fixture.credentials("csr: c/${serial}.csr"), Fixture.CERTS),
                        "m.yaml:13: namespaces.certs.device_key: stores the device's private key, but with csr the key"
                                + " stays in the device"),
                () -> assertRefused(
                        f,
                        Fixture.manifest("", Fixture.CERTS),
                        "m.yaml:7: namespaces.certs.device_cert: stores the device's certificate, but the manifest has"
                                + " no credentials section to issue it"),
                () -> assertRefused(
                        f,
                        Fixture.manifest("", "  factory:\n    a_key_far_too_long: {type: u8, value: 1}\n"),
                        "m.yaml:7: namespaces.factory.a_key_far_too_long: key 'a_key_far_too_long' is 18 bytes in UTF-8;"
                                + " at most 15 fit"),
                () -> assertRefused(
                        f,
                        Fixture.manifest("", "  factory:\n    big: {type: u8, value: 256}\n"),
                        "m.yaml:7: namespaces.factory.big.value: value 256 is out of range for u8 (0 to 255)"),
                () -> assertRefused(
                        f,
                        "partition: {size: 0x3000}\ndevices: {csv: devices.csv}\nnamespaces:\n"
                                + "  f:\n    b: {type: binary, file: \"files/${serial}.bin\"}\n",
                        "devices.csv:2 (device SN-0001): files/SN-0001.bin: no such file (named at m.yaml:5:"
                                + " namespaces.f.b.file)"),
                () -> assertRefused(
                        f,
                        "partition: {size: 0x3000}\ndevices: {csv: devices.csv}\nnamespaces:\n"
                                + "  f:\n    b: {type: hex2bin, value: \"${serial}\"}\n",
                        "devices.csv:2 (device SN-0001): key 'b' (m.yaml:5: namespaces.f.b): hex2bin value has 7 digits;"
                                + " it needs an even number (two per byte)"),
                () -> assertRefused(
                        f,
                        "partition: {size: 0x3000}\ndevices: {csv: devices.csv}\n"
                                + Fixture.credentials("validity-days: 36000") + "namespaces:\n" + Fixture.CERTS,
                        "m.yaml:3: credentials: certificates would be valid until"),
                () -> assertRefused(
                        f.write("big.bin", new byte[508_001]),
                        "partition: {size: 0x100000}\ndevices: {csv: devices.csv}\nnamespaces:\n"
                                + "  f:\n    big: {type: binary, file: big.bin}\n",
                        "devices.csv:2 (device SN-0001): namespace 'f', key 'big': a blob of 508001 bytes is larger"
                                + " than the 508000 bytes nvs_flash reads; a device will not see it"),
                () -> assertRefused(
                        f,
                        "partition: {size: 0x3000}\ndevices: {csv: devices.csv}\nnamespaces:\n"
                                + "  f:\n    s: {type: string, value: \"" + "x".repeat(3000) + "\"}\n"
                                + "    t: {type: string, value: \"" + "x".repeat(3000) + "\"}\n"
                                + "    u: {type: string, value: \"" + "x".repeat(3000) + "\"}\n",
                        "devices.csv:2 (device SN-0001): the image does not fit: data does not fit"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Runs {@code manifest} and checks it is refused with {@code expected} (a prefix) and nothing is written. */
    private void assertRefused(Fixture f, String manifest, String expected) {
        String message = refusal(f, manifest);
        assertTrue(message.startsWith(expected), "expected: " + expected + "\nactual:   " + message);
    }

    private String refusal(Fixture f, String manifest) {
        f.write("m.yaml", manifest);
        CliRun run = CliRun.in(f.dir, "batch", "m.yaml", "--outdir", "out");
        assertEquals(ExitCode.INPUT, run.status(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(Files.exists(f.dir.resolve("out")), "nothing written");
        String prefix = "nvsgen batch: error: ";
        assertTrue(run.err().startsWith(prefix), run.err());
        return run.err().substring(prefix.length()).strip();
    }

    static Map<String, Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        List<String> header = List.of(lines.get(0).split(",", -1));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = splitCsv(line);
            if (fields.size() != header.size()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), fields.get(i));
            }
            rows.put(row.get("serial"), row);
        }
        return rows;
    }

    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    static List<X509Certificate> certificates(byte[] data) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static PublicKey csrPublicKey(Path csr) throws Exception {
        var req = new org.bouncycastle.pkcs.PKCS10CertificationRequest(pemBody(Files.readString(csr)));
        return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(req.getSubjectPublicKeyInfo());
    }

    static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
    }

    static byte[] blob(NvsValue v) {
        return ((NvsValue.BlobValue) v).data().toByteArray();
    }

    static String text(NvsValue v) {
        return ((NvsValue.StringValue) v).text();
    }

    static byte[] privateKeyDer(NvsValue v) {
        return v instanceof NvsValue.StringValue s ? pemBody(s.text()) : blob(v);
    }

    /** The private key signs what the certificate's public key verifies. */
    static void assertKeyMatches(byte[] pkcs8, PublicKey publicKey) throws Exception {
        String alg = publicKey.getAlgorithm();
        PrivateKey key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        String sigAlg = alg.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        Signature s = Signature.getInstance(sigAlg);
        s.initSign(key);
        s.update("probe".getBytes(StandardCharsets.US_ASCII));
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(sigAlg);
        v.initVerify(publicKey);
        v.update("probe".getBytes(StandardCharsets.US_ASCII));
        assertTrue(v.verify(sig), "the stored private key belongs to the certificate");
    }

    static void assertOwnerOnly(Path file) throws Exception {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file),
                    file + " holds a private key");
        }
    }

    /** Images that hold a private key live in a folder only its owner may enter. */
    static void assertOwnerOnlyFolder(Path dir) throws Exception {
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(
                    Set.of(
                            PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE),
                    Files.getPosixFilePermissions(dir),
                    dir + " holds images with private keys");
        }
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
