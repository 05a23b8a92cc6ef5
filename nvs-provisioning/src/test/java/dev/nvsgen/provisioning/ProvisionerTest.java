package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.factory.DeviceEncryptions;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.provisioning.model.Credential;
import dev.nvsgen.provisioning.model.Preset;
import dev.nvsgen.provisioning.testing.Fixture;
import dev.nvsgen.provisioning.testing.Readback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning API: no manifest, no files in; images in memory or in a folder as the CLI writes them. */
class ProvisionerTest {
    private static final TestCa CA = TestCa.root("provisioner test CA");

    @TempDir
    Path tmp;

    private static CertificateAuthority authority() {
        return CertificateAuthority.of(List.of(CA.certificate), CA.keys.getPrivate(), Instant.now());
    }

    private static Provisioner.Builder factory() {
        return Provisioner.builder()
                .partitionSize(PartitionSize.parse("0x6000"))
                .value("factory", "serial", "string", "${serial}")
                .value("factory", "hw_rev", "u8", "${hw_rev}")
                .credential("certs", "device_cert", Credential.CERTIFICATE, Credential.Format.DER)
                .credential("certs", "device_key", Credential.PRIVATE_KEY, Credential.Format.DER)
                .authority(authority())
                .subject("CN=${serial},O=Example");
    }

    @Test
    void oneDeviceInMemoryHoldsItsValuesKeyAndACertificateThatChainsToTheCa() throws Exception {
        ProvisionedDevice d = factory().build().provision(Device.of("SN-1", Map.of("hw_rev", "7")));
        Map<String, NvsValue> entries = Readback.entries(d.image());
        assertEquals(NvsValue.string("SN-1"), entries.get("factory/serial"));
        assertEquals(NvsValue.u8(7), entries.get("factory/hw_rev"));
        IssuedCertificate cert = d.certificate().orElseThrow();
        assertArrayEquals(
                cert.der().toByteArray(),
                ((NvsValue.BlobValue) entries.get("certs/device_cert")).data().toByteArray());
        assertArrayEquals(
                d.key().orElseThrow().exportPrivateKey().getEncoded(),
                ((NvsValue.BlobValue) entries.get("certs/device_key")).data().toByteArray());
        X509Certificate x = cert.toX509Certificate();
        assertEquals("CN=SN-1,O=Example", x.getSubjectX500Principal().getName());
        Fixture.validate(List.of(x), CA.certificate);
        assertFalse(d.toString().contains("BEGIN"), d.toString());
    }

    @Test
    void aPresetNeedsNoLayout() {
        ProvisionedDevice d = Provisioner.builder()
                .preset(Preset.ESP_SECURE_CERT)
                .secureCert(dev.nvsgen.provisioning.model.SecureCert.legacyNvs())
                .authority(authority())
                .build()
                .provision(Device.of("dev-42"));
        assertEquals(0x3000, d.imageLength());
        assertEquals(
                Set.of("esp_secure_cert/ca_cert", "esp_secure_cert/dev_cert", "esp_secure_cert/priv_key"),
                Readback.entries(d.image()).keySet());
    }

    @Test
    void perDeviceKeysComeBackWithTheImage() {
        ProvisionedDevice d = factory()
                .encryption(DeviceEncryptions.keysPerDevice("%s.bin"), "keys per device")
                .build()
                .provision(Device.of("SN-2", Map.of("hw_rev", "1")));
        assertEquals("SN-2.bin", d.keyFiles().get(0).fileName());
        NvsKeys keys = NvsKeys.parse(d.keyFiles().get(0).exportContent(), "SN-2.bin");
        assertEquals(
                NvsValue.string("SN-2"),
                Readback.entries(NvsEncryption.decrypt(d.image(), keys)).get("factory/serial"));
    }

    @Test
    void badInputNamesTheDeviceAndTheKey() {
        Provisioner p = factory().build();
        assertEquals(
                "'${hw_rev}' names no column of device SN-3 (columns: serial)",
                assertThrows(NvsInputException.class, () -> p.provision(Device.of("SN-3")))
                        .getMessage()
                        .replaceFirst("^builder: factory.hw_rev: ", ""));
        assertEquals(
                "device SN-3:1 (device SN-3): key 'hw_rev' (builder: factory.hw_rev): value 300 is out of range"
                        + " for u8 (0 to 255)",
                assertThrows(NvsInputException.class, () -> p.provision(Device.of("SN-3", Map.of("hw_rev", "300"))))
                        .getMessage());
        assertTrue(assertThrows(NvsInputException.class, () -> p.provision(Device.of("../x")))
                .getMessage()
                .contains("serial '../x' cannot name the device's files"));
        assertEquals(
                "builder: the layout stores credentials: give the CA that issues them (authority)",
                assertThrows(
                                NvsInputException.class,
                                () -> Provisioner.builder()
                                        .preset(Preset.DEVICE_CERT)
                                        .build())
                        .getMessage());
    }

    @Test
    void provisionIsSafeFromManyThreads() {
        Provisioner p = factory().build();
        List<ProvisionedDevice> made = IntStream.range(0, 40)
                .parallel()
                .mapToObj(i -> p.provision(Device.of("SN-" + i, Map.of("hw_rev", Integer.toString(i)))))
                .toList();
        assertEquals(
                40,
                made.stream()
                        .map(d -> d.certificate().orElseThrow().serialNumber())
                        .collect(Collectors.toSet())
                        .size());
        for (ProvisionedDevice d : made) {
            assertEquals(
                    NvsValue.string(d.serial()), Readback.entries(d.image()).get("factory/serial"));
        }
    }

    @Test
    void aFolderRunWritesWhatTheCliWrites() throws Exception {
        List<Device> devices = Devices.csv("serial,hw_rev\nA-1,1\nA-2,2\nA-3,3\n", "list.csv", "serial");
        RunSummary s = factory().build().writeAll(devices, tmp.resolve("out"));
        assertEquals(3, s.made());
        for (Device d : devices) {
            assertTrue(Files.isRegularFile(tmp.resolve("out/bin/" + d.serial() + ".bin")));
            assertTrue(Files.isRegularFile(tmp.resolve("out/certs/" + d.serial() + ".pem")));
        }
        List<String> record = Files.readAllLines(s.recordCsv());
        assertEquals(4, record.size());
        assertTrue(record.get(1).startsWith("A-1,bin/A-1.bin,"), record.get(1));
        assertTrue(Files.readString(s.recordJson()).contains("\"manifest\" : \"provisioning API\""));
        RunFolderException again =
                assertThrows(RunFolderException.class, () -> factory().build().writeAll(devices, tmp.resolve("out")));
        // The library speaks the API's words; a command line maps them onto its flags.
        assertEquals(
                tmp.resolve("out") + " already holds a run (batch-run.csv): pass RunOptions.withResume() to finish"
                        + " it, RunOptions.withForce() to replace it, or choose another output folder",
                again.getMessage());
        assertEquals(
                tmp.resolve("out") + " already holds a run (batch-run.csv): pass --resume to finish it, --force"
                        + " to replace it, or choose another --outdir",
                again.message(new RunFolderException.Words("--resume", "--force", "--outdir")));
        assertEquals(
                0,
                factory()
                        .build()
                        .writeAll(
                                devices,
                                tmp.resolve("out"),
                                RunOptions.defaults().withResume())
                        .made());
    }

    @Test
    void serialsThatDifferOnlyInCaseAreRefusedAsTheCsvRefusesThem() {
        List<Device> devices = List.of(
                Device.of("A-1", Map.of("hw_rev", "1")),
                Device.of("a-1", Map.of("hw_rev", "2")),
                Device.of("A-1", Map.of("hw_rev", "3")));
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> factory().build().writeAll(devices, tmp.resolve("out")));
        assertTrue(
                e.getMessage()
                        .endsWith(":2: serial 'a-1' differs only in case from 'A-1' as device 1; on Windows and macOS"
                                + " both would be one file"),
                e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("out/bin")));
    }

    @Test
    void csrModeSignsTheDevicesOwnKey() throws Exception {
        java.security.KeyPair device = TestCa.generate("EC");
        Files.write(tmp.resolve("SN-9.csr"), TestCa.csrPem(device, "CN=ignored"));
        ProvisionedDevice d = Provisioner.builder()
                .preset(Preset.ESP_SECURE_CERT)
                .secureCert(dev.nvsgen.provisioning.model.SecureCert.legacyNvs())
                .authority(authority())
                .csr(tmp.resolve("${serial}.csr").toString())
                .build()
                .provision(Device.of("SN-9"));
        assertTrue(d.key().isEmpty());
        X509Certificate x = d.certificate().orElseThrow().toX509Certificate();
        assertEquals(device.getPublic(), x.getPublicKey());
        assertEquals(
                Set.of("esp_secure_cert/ca_cert", "esp_secure_cert/dev_cert"),
                Readback.entries(d.image()).keySet());
    }

    @Test
    void aManifestSharedWithTheCommandLineWithTheCaInHand() throws Exception {
        Fixture f = new Fixture(tmp).devices(2);
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS));
        Provisioner p = Provisioner.fromManifest(tmp.resolve("m.yaml"), authority());
        ProvisionedDevice d = p.provision(Device.of("SN-7", Map.of("hw_rev", "2", "mac", "246f28000007")));
        assertEquals(NvsValue.u8(2), Readback.entries(d.image()).get("factory/hw_rev"));
        Fixture.validate(List.of(d.certificate().orElseThrow().toX509Certificate()), CA.certificate);
        assertTrue(assertThrows(NvsInputException.class, () -> Provisioner.fromManifest(tmp.resolve("m.yaml"), null))
                .getMessage()
                .endsWith("the manifest issues credentials: give the CA that issues them"));
    }

    @Test
    void devicesFromARange() {
        List<Device> devices = Devices.range("D-", 8, 11, 3);
        assertEquals(
                List.of("D-008", "D-009", "D-010", "D-011"),
                devices.stream().map(Device::serial).toList());
        assertEquals("11", devices.get(3).fields().get("number"));
    }
}
