package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.credentials.P256Keys;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.matter.AttestationCertificates;
import dev.nvsgen.matter.DeviceAttestation;
import dev.nvsgen.matter.Passcode;
import dev.nvsgen.matter.SetupPayload;
import dev.nvsgen.matter.Spake2pVerifier;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.provisioning.testing.Fixture;
import dev.nvsgen.provisioning.testing.Readback;
import dev.nvsgen.securecert.TlvImage;
import dev.nvsgen.securecert.TlvReader;
import dev.nvsgen.securecert.TlvSubtype;
import dev.nvsgen.securecert.TlvType;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preset: matter} in a batch manifest: each device's chip-factory namespace read back as nvs_flash
 * reads it, its DAC checked against the PAI, its verifier against its passcode and salt, its onboarding
 * codes against the values; the bad inputs, each with its one line.
 */
class MatterBatchTest {
    static final int VID = 0xFFF1;
    static final int PID = 0x8000;

    @TempDir
    Path tmp;

    /** A PAA and a PAI of vendor 0xFFF1 (any product) it issued, valid a year. */
    static final class Pai {
        final DeviceAttestation pai;
        final X509Certificate paa;

        Pai() {
            Instant now = Instant.now();
            TestCa paaCa = TestCa.builder("Test PAA")
                    .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(400)))
                    .pathLen(1)
                    .build();
            paa = paaCa.certificate;
            CertificateAuthority issuer =
                    CertificateAuthority.of(List.of(paa), paaCa.keys.getPrivate(), now.minus(Duration.ofDays(1)));
            pai = AttestationCertificates.issuePai(
                    issuer, "Test PAI", VID, null, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
        }

        X509Certificate certificate() {
            return CredentialReader.certificates(pai.certificateDer().toByteArray(), "PAI")
                    .get(0);
        }
    }

    static final Pai PAI = new Pai();

    private Fixture fixture(String devicesCsv) {
        Fixture f = new Fixture(tmp);
        f.write("ca/pai.pem", PAI.pai.certificatePem());
        f.write("ca/pai.key", PAI.pai.exportPkcs8Pem());
        f.write("cd.der", new byte[] {0x30, 0x03, 0x02, 0x01, 0x07});
        f.write("devices.csv", devicesCsv);
        return f;
    }

    static String manifest(String matterExtra) {
        return """
                preset: matter
                matter:
                  vendor-id: 0xFFF1
                  product-id: 0x8000
                  vendor-name: Example
                  product-name: Lamp
                  hardware-version: 2
                  certification-declaration: cd.der
                  iteration-count: 1000
                """ + matterExtra + """
                devices:
                  csv: devices.csv
                credentials:
                  ca:
                    certificate: ca/pai.pem
                    key: ca/pai.key
                """;
    }

    private Batch.Result run(Fixture f) throws java.io.IOException {
        return run(f, Map.of());
    }

    private Batch.Result run(Fixture f, Map<String, String> env) throws java.io.IOException {
        return Batch.run(f.request(false, 2, env::get, null), warning -> {});
    }

    @Test
    void eachDeviceReadsBackWithADacOfThePaiAndCodesOfItsVerifier() throws Exception {
        Fixture f = fixture("serial,passcode,discriminator\nSN-1,20202021,3840\nSN-2,,\nSN-3,99999998,0\n");
        f.write("m.yaml", manifest("  rotating-device-id: true\n"));
        Batch.Result.Ran ran = (Batch.Result.Ran) run(f);
        assertEquals(3, ran.summary().made());
        Path out = f.dir.resolve("out");
        List<String> record = Files.readAllLines(out.resolve(MatterFactoryData.RECORD));
        assertEquals("serial,certificate_serial,qrcode,manualcode,discriminator,passcode", record.get(0));
        assertEquals(4, record.size());
        for (int i = 1; i <= 3; i++) {
            String serial = "SN-" + i;
            Map<String, NvsValue> e =
                    Readback.entries(Files.readAllBytes(out.resolve("bin").resolve(serial + ".bin")));
            checkDevice(serial, e, out, record.get(i));
        }
        assertTrue(record.get(1).endsWith(",3840,20202021"), record.get(1));
        assertTrue(record.get(3).endsWith(",0,99999998"), record.get(3));
        for (String name : List.of("matter/SN-1-onb_codes.csv", "matter/SN-1-qrcode.png", "bin/SN-1.bin")) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(name))), name);
        }
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(MatterFactoryData.RECORD))));
        String json = Files.readString(out.resolve("batch-run.json"));
        assertTrue(json.contains("\"matter\" : \"vid 0xFFF1 pid 0x8000, 1000 iterations, rotating device ID"), json);
        assertFalse(json.contains("20202021"), "the run record shows no passcode");
    }

    /** One device's chip-factory entries, checked against each other, the PAI and its line of the run's codes. */
    static void checkDevice(String serial, Map<String, NvsValue> e, Path out, String recordLine) throws Exception {
        checkDevice(serial, e, out, recordLine, PAI.certificate(), PAI.paa);
    }

    static void checkDevice(
            String serial,
            Map<String, NvsValue> e,
            Path out,
            String recordLine,
            X509Certificate paiCertificate,
            X509Certificate paa)
            throws Exception {
        String ns = "chip-factory/";
        assertEquals(
                List.of(
                        "discriminator",
                        "iteration-count",
                        "salt",
                        "vendor-id",
                        "vendor-name",
                        "product-id",
                        "product-name",
                        "hardware-ver",
                        "rd-id-uid",
                        "serial-num",
                        "dac-cert",
                        "dac-key",
                        "dac-pub-key",
                        "pai-cert",
                        "verifier",
                        "cert-dclrn"),
                e.keySet().stream().map(k -> k.substring(ns.length())).toList());
        assertEquals(VID, u32(e.get(ns + "vendor-id")));
        assertEquals(PID, u32(e.get(ns + "product-id")));
        assertEquals(2, u32(e.get(ns + "hardware-ver")));
        assertEquals(1000, u32(e.get(ns + "iteration-count")));
        assertEquals(serial, text(e.get(ns + "serial-num")));
        assertEquals("Example", text(e.get(ns + "vendor-name")));
        assertEquals(16, blob(e.get(ns + "rd-id-uid")).length);
        assertArrayEquals(new byte[] {0x30, 0x03, 0x02, 0x01, 0x07}, blob(e.get(ns + "cert-dclrn")));
        assertArrayEquals(paiCertificate.getEncoded(), blob(e.get(ns + "pai-cert")));

        X509Certificate dac = CredentialReader.certificates(blob(e.get(ns + "dac-cert")), "dac")
                .get(0);
        AttestationCertificates.checkDac(dac, paiCertificate);
        Fixture.validate(List.of(dac, paiCertificate), paa);
        assertEquals(serial, AttestationCertificates.commonName(dac).orElseThrow());
        byte[] pub = blob(e.get(ns + "dac-pub-key"));
        assertArrayEquals(P256Keys.publicPoint(dac.getPublicKey()), pub);
        assertArrayEquals(
                pub,
                P256Keys.publicPoint(P256Keys.fromPrivateScalar(new BigInteger(1, blob(e.get(ns + "dac-key"))))
                        .publicKey()));

        List<String> codes =
                Files.readAllLines(out.resolve(MatterFactoryData.FOLDER).resolve(serial + MatterFactoryData.CODES));
        assertEquals(MatterFactoryData.CODES_HEADER, codes.get(0));
        String[] c = codes.get(1).split(",");
        SetupPayload p = SetupPayload.parseQrCode(c[0]);
        assertEquals(p.formattedManualCode(), c[1]);
        assertEquals(u32(e.get(ns + "discriminator")), p.discriminator().value());
        assertEquals(Integer.parseInt(c[2]), p.discriminator().value());
        assertEquals(Integer.parseInt(c[3]), p.passcode());
        assertEquals(VID, p.vendorId());
        assertEquals(PID, p.productId());
        byte[] salt = Base64.getDecoder().decode(text(e.get(ns + "salt")));
        assertEquals(32, salt.length);
        Spake2pVerifier v = Spake2pVerifier.of(Base64.getDecoder().decode(text(e.get(ns + "verifier"))));
        assertTrue(v.matches(Passcode.of(p.passcode()), salt, (int) u32(e.get(ns + "iteration-count"))), serial);
        if (recordLine != null) {
            assertEquals(
                    serial + "," + dev.nvsgen.crypto.credentials.IssuedCertificate.opensslHex(dac.getSerialNumber())
                            + "," + codes.get(1),
                    recordLine);
        }
        assertTrue(Files.isRegularFile(out.resolve(MatterFactoryData.FOLDER).resolve(serial + MatterFactoryData.QR)));
    }

    @Test
    void dacKeyInEspSecureCertLeavesNvsWithoutTheDacAndPai() throws Exception {
        Fixture f = fixture("serial\nSN-1\n");
        f.write("m.yaml", manifest("  dac-key: esp_secure_cert\n"));
        run(f);
        Path out = f.dir.resolve("out");
        Map<String, NvsValue> e = Readback.entries(Files.readAllBytes(out.resolve("bin/SN-1.bin")));
        for (String k : List.of("dac-cert", "dac-key", "dac-pub-key", "pai-cert")) {
            assertFalse(e.containsKey("chip-factory/" + k), k);
        }
        assertTrue(e.containsKey("chip-factory/cert-dclrn"));
        byte[] tlv = Files.readAllBytes(out.resolve("bin/SN-1-esp_secure_cert.bin"));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(out.resolve("bin/SN-1-esp_secure_cert.bin"))));
        TlvImage image = TlvReader.read(tlv);
        assertTrue(image.findings().isEmpty(), image.findings().toString());
        byte[] pai = image.find(TlvType.CA_CERT, TlvSubtype.SUBTYPE_0)
                .orElseThrow()
                .entry()
                .data()
                .toByteArray();
        assertArrayEquals(PAI.pai.certificateDer().toByteArray(), pai);
        X509Certificate dac = CredentialReader.certificates(
                        image.find(TlvType.DEV_CERT, TlvSubtype.SUBTYPE_0)
                                .orElseThrow()
                                .entry()
                                .data()
                                .toByteArray(),
                        "dac")
                .get(0);
        AttestationCertificates.checkDac(dac, PAI.certificate());
        // ESP32SecureCertDACProvider takes the scalar at offset 7 and the point at offset 56 of the SEC1 DER key.
        byte[] key = image.find(TlvType.PRIV_KEY, TlvSubtype.SUBTYPE_0)
                .orElseThrow()
                .entry()
                .data()
                .toByteArray();
        byte[] point = P256Keys.publicPoint(dac.getPublicKey());
        assertArrayEquals(point, Arrays.copyOfRange(key, 56, 56 + 65));
        assertArrayEquals(
                point,
                P256Keys.publicPoint(P256Keys.fromPrivateScalar(new BigInteger(1, Arrays.copyOfRange(key, 7, 39)))
                        .publicKey()));
    }

    @Test
    void badPasscodeOrDiscriminatorInTheDeviceListIsNamedWithItsLine() {
        Fixture f = fixture("serial,passcode,discriminator\nSN-1,20202021,1\nSN-2,11111111,2\n");
        f.write("m.yaml", manifest(""));
        NvsInputException e = assertThrows(NvsInputException.class, () -> run(f));
        assertTrue(
                e.getMessage().startsWith("devices.csv:3 (device SN-2): column passcode: passcode 11111111"),
                e.getMessage());
        assertFalse(Files.exists(f.dir.resolve("out/bin")), "nothing written");

        f.write("devices.csv", "serial,passcode,discriminator\nSN-1,20202021,4096\n");
        assertEquals(
                "devices.csv:2 (device SN-1): column discriminator: discriminator 4096 is out of range: it has 12"
                        + " bits, 0 to 4095 (0xFFF)",
                assertThrows(NvsInputException.class, () -> run(f)).getMessage());

        f.write("devices.csv", "serial,passcode\nSN-1,12x45678\n");
        assertEquals(
                "devices.csv:2 (device SN-1): column passcode: the value is not a passcode (1 to 8 decimal digits)",
                assertThrows(NvsInputException.class, () -> run(f)).getMessage());
    }

    @Test
    void badProductFieldsAreNamedWithTheirManifestLine() {
        Fixture f = fixture("serial\nSN-1\n");
        f.write("m.yaml", manifest("").replace("vendor-id: 0xFFF1", "vendor-id: 0"));
        assertEquals(
                "m.yaml:3: matter.vendor-id: vendor ID 0x0000 is not a valid vendor ID: 0x0001 to 0xFFFE (0 is"
                        + " reserved, test vendors are 0xFFF1 to 0xFFF4)",
                assertThrows(NvsInputException.class, () -> run(f)).getMessage());
        f.write("m.yaml", manifest("").replace("vendor-id: 0xFFF1", "vendor-id: 0xFFF2"));
        assertEquals(
                "m.yaml:2: matter: the PAI is vendor 0xFFF1's, not vendor-id 0xFFF2's: its DACs would not verify",
                assertThrows(NvsInputException.class, () -> run(f)).getMessage());
        f.write("m.yaml", manifest("") + "  subject: CN=x\n");
        assertEquals(
                "m.yaml:16: credentials.subject: subject does not go with preset matter: the DAC's profile is the"
                        + " Matter specification's (subject CN from matter.common-name, VID, PID; digitalSignature)",
                assertThrows(NvsInputException.class, () -> run(f)).getMessage());
        f.write("m.yaml", manifest("").replace("iteration-count: 1000", "iteration-count: 999"));
        assertEquals(
                "m.yaml:9: matter.iteration-count: 999 is out of range (1000 to 100000)",
                assertThrows(NvsInputException.class, () -> run(f)).getMessage());
    }

    @Test
    void theProvisioningApiMakesOneDeviceInMemory() throws Exception {
        Provisioner p = Provisioner.builder()
                .preset(dev.nvsgen.provisioning.model.Preset.MATTER)
                .matter(dev.nvsgen.provisioning.model.MatterSpec.of(
                        VID, PID, dev.nvsgen.provisioning.model.Origin.code("test", "")))
                .authority(CertificateAuthority.of(
                        List.of(PAI.certificate()), PAI.pai.exportKey().exportPrivateKey(), Instant.now()))
                .build();
        ProvisionedDevice d = p.provision(Device.of("SN-9", Map.of("passcode", "20202021")));
        SetupPayload payload = d.setupPayload().orElseThrow();
        assertEquals(20202021, payload.passcode());
        Map<String, NvsValue> e = Readback.entries(d.image());
        assertEquals("SN-9", text(e.get("chip-factory/serial-num")));
        assertEquals(10_000, u32(e.get("chip-factory/iteration-count")));
        assertFalse(d.toString().contains("20202021"), d.toString());
        assertEquals(
                "builder: the matter preset's DAC profile is the Matter specification's (CN, VID, PID;"
                        + " digitalSignature): set MatterSpec.commonName, not subject, subjectAltNames or key usages",
                assertThrows(
                                NvsInputException.class,
                                () -> Provisioner.builder()
                                        .preset(dev.nvsgen.provisioning.model.Preset.MATTER)
                                        .matter(dev.nvsgen.provisioning.model.MatterSpec.of(
                                                VID, PID, dev.nvsgen.provisioning.model.Origin.code("test", "")))
                                        .subject("CN=x")
                                        .build())
                        .getMessage());
    }

    static long u32(NvsValue v) {
        return ((NvsValue.IntValue) v).bigValue().longValueExact();
    }

    static String text(NvsValue v) {
        return ((NvsValue.StringValue) v).text();
    }

    static byte[] blob(NvsValue v) {
        return ((NvsValue.BlobValue) v).data().toByteArray();
    }
}
