package dev.nvsgen.matter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.P256Keys;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's rules where esp-matter-mfg-tool departs from the Matter specification (README), its checks
 * with their messages, and a batch of 100 encrypted devices with generated DACs read back.
 */
class MfgToolRunTest {
    @TempDir
    Path dir;

    MfgToolOptions minimal() {
        MfgToolOptions o = new MfgToolOptions();
        o.workingDir = dir;
        o.vendorId = 0xFFF1L;
        o.productId = 0x8000L;
        o.iterationCount = 1000;
        return o;
    }

    String refused(MfgToolOptions o) {
        o.outdir = "refused";
        NvsInputException e = assertThrows(NvsInputException.class, () -> MfgToolRun.prepare(o));
        assertFalse(Files.exists(dir.resolve("refused")), "nothing is written");
        return e.getMessage();
    }

    MfgToolRun.Result run(MfgToolOptions o) throws Exception {
        return MfgToolRun.prepare(o).run(2, Clock.systemUTC());
    }

    NvsImage image(MfgToolRun.Result r, int device) throws Exception {
        String id = r.deviceIds().get(device);
        return NvsReader.read(Files.readAllBytes(r.folder().resolve(id).resolve(id + "-partition.bin")));
    }

    static long u32(NvsImage image, String key) {
        return ((NvsValue.IntValue) image.get(ChipFactory.NAMESPACE, key).orElseThrow()).value();
    }

    static String string(NvsImage image, String key) {
        return ((NvsValue.StringValue) image.get(ChipFactory.NAMESPACE, key).orElseThrow()).text();
    }

    /** The reference treats --discriminator 0 as absent (and draws a random one); 0 is a valid discriminator. */
    @Test
    void discriminatorZeroIsKept() throws Exception {
        MfgToolOptions o = minimal();
        o.discriminator = 0L;
        assertEquals(0, u32(image(run(o), 0), ChipFactory.DISCRIMINATOR));
    }

    /** The reference's range check never triggers; the specification's range is 1 … 99999998. */
    @Test
    void passcodeRange() {
        MfgToolOptions o = minimal();
        o.passcode = 100_000_000L;
        assertEquals("passcode 100000000 is out of range: the Matter specification allows 1 to 99999998", refused(o));
        o.passcode = 0L;
        assertTrue(refused(o).contains("out of range"));
        o.passcode = 87654321L;
        assertTrue(refused(o).contains("list of invalid passcodes"));
    }

    @Test
    void edgePasscodesAndDiscriminators() throws Exception {
        for (long[] pd : new long[][] {{1, 0}, {99_999_998, 4095}, {11111110, 1}}) {
            MfgToolOptions o = minimal();
            o.passcode = pd[0];
            o.discriminator = pd[1];
            o.outdir = "out-" + pd[0];
            MfgToolRun.Result r = run(o);
            NvsImage img = image(r, 0);
            assertEquals(pd[1], u32(img, ChipFactory.DISCRIMINATOR));
            Spake2pVerifier v = Spake2pVerifier.of(Base64.getDecoder().decode(string(img, ChipFactory.VERIFIER)));
            assertTrue(v.matches(Passcode.of(pd[0]), Base64.getDecoder().decode(string(img, ChipFactory.SALT)), 1000));
            String id = r.deviceIds().get(0);
            String onb = Files.readString(r.folder().resolve(id).resolve(id + "-onb_codes.csv"));
            String qr = onb.lines().toList().get(1).split(",")[0];
            SetupPayload p = SetupPayload.parseQrCode(qr);
            assertEquals(pd[0], p.passcode());
            assertEquals(pd[1], p.discriminator().value());
        }
    }

    /** A given serial may have the 32 characters the specification allows (the reference: 16, though it generates 32). */
    @Test
    void serialNumberLength() throws Exception {
        MfgToolOptions o = minimal();
        o.serialNumber = "S".repeat(32);
        assertEquals("S".repeat(32), string(image(run(o), 0), ChipFactory.SERIAL_NUMBER));
        MfgToolOptions p = minimal();
        p.serialNumber = "S".repeat(33);
        assertEquals("serial number must be between 1 and 32 characters, is 33", refused(p));
        MfgToolOptions q = minimal();
        q.outdir = "generated";
        assertTrue(string(image(run(q), 0), ChipFactory.SERIAL_NUMBER).matches("[0-9a-f]{32}"));
    }

    /** The reference's help asks for YYYY-MM-DD and then refuses it; the specification's form is YYYYMMDD. */
    @Test
    void manufacturingDate() throws Exception {
        MfgToolOptions o = minimal();
        o.mfgDate = "2025-01-15";
        assertEquals("20250115", string(image(run(o), 0), ChipFactory.MANUFACTURING_DATE));
        MfgToolOptions p = minimal();
        p.mfgDate = "20251301";
        assertEquals("manufacturing date '20251301' is not a date", refused(p));
        p.mfgDate = "2025011";
        assertTrue(refused(p).startsWith("manufacturing date '2025011' must be YYYYMMDD"));
    }

    @Test
    void saltLengthAndConsistency() {
        MfgToolOptions o = minimal();
        o.passcode = 20202021L;
        o.salt = Base64.getEncoder().encodeToString(new byte[8]);
        o.verifier = Base64.getEncoder().encodeToString(new byte[97]);
        assertEquals("the SPAKE2+ salt is 8 bytes; the Matter specification wants 16 to 32", refused(o));
        o.salt = Base64.getEncoder().encodeToString(new byte[16]);
        assertEquals(
                "--verifier is not the SPAKE2+ verifier of --passcode with --salt and --iteration-count 1000",
                refused(o));
        o.verifier = null;
        assertEquals("--salt and --verifier must be provided together", refused(o));
    }

    @Test
    void otherChecks() {
        MfgToolOptions o = minimal();
        o.count = 2;
        o.passcode = 20202021L;
        assertTrue(refused(o).startsWith("Number of partitions should be 1 when discriminator or passcode"));
        MfgToolOptions p = minimal();
        p.vendorId = 0x10000L;
        assertEquals("vendor ID 65536 is out of range: 16 bits, 0 to 0xFFFF", refused(p));
        MfgToolOptions q = minimal();
        q.validFrom = "01/01/2025";
        assertEquals(
                "valid-from (-vf) '01/01/2025' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC); a space for the T is accepted too",
                refused(q));
        MfgToolOptions r = minimal();
        r.discoveryMode = 3;
        assertEquals("discovery mode (-dm) 3 is not one of 2 (BLE), 4 (on-network), 6 (both)", refused(r));
        MfgToolOptions s = minimal();
        s.pai = true;
        assertEquals("PAI certificate (-c) is required", refused(s));
    }

    /** VID and PID extremes: the folder is %x_%x, the subjects 4 upper-case hex digits. */
    @Test
    void idExtremes() throws Exception {
        for (long id : new long[] {0, 0xFFFF}) {
            MfgToolOptions o = minimal();
            o.vendorId = id;
            o.productId = id;
            MfgToolRun.Result r = run(o);
            assertEquals(
                    Long.toHexString(id) + "_" + Long.toHexString(id),
                    r.folder().getFileName().toString());
            assertEquals(id, u32(image(r, 0), ChipFactory.VENDOR_ID));
        }
    }

    /** 100 devices, DACs issued by a PAI, images encrypted: every one decrypts with its keys file and agrees with its codes. */
    @Test
    void batchOfHundredEncrypted() throws Exception {
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(3650));
        DeviceKey paaKey = KeyAlgorithm.EC_P256.generate();
        CertificateAuthority paa = CertificateAuthority.of(
                List.of(TestCerts.selfSigned(paaKey, "Test PAA", from.minusSeconds(86400), to.plusSeconds(86400))),
                paaKey.exportPrivateKey(),
                from);
        DeviceAttestation pai = AttestationCertificates.issuePai(paa, "Test PAI", 0xFFF2, 0x8001, from, to);
        Files.writeString(dir.resolve("pai.pem"), pai.certificatePem());
        Files.writeString(dir.resolve("pai-key.pem"), pai.exportPkcs8Pem());
        MfgToolOptions o = minimal();
        o.vendorId = 0xFFF2L;
        o.productId = 0x8001L;
        o.pai = true;
        o.cert = "pai.pem";
        o.key = "pai-key.pem";
        o.validFrom = "2025-01-01";
        o.lifetimeDays = 3650;
        o.count = 100;
        o.encrypt = true;
        MfgToolRun.Result r = run(o);
        assertEquals(100, r.deviceIds().size());
        assertEquals(100, Set.copyOf(r.deviceIds()).size());
        X509Certificate paiCert = TestCerts.parse(pai.certificateDer().toByteArray());
        for (String id : r.deviceIds()) {
            Path d = r.folder().resolve(id);
            NvsKeys keys = NvsKeys.parse(Files.readAllBytes(d.resolve(id + "-keys-partition.bin")), "keys");
            NvsImage img = NvsReader.read(keys.decryptImage(Files.readAllBytes(d.resolve(id + "-partition.bin"))));
            assertTrue(img.isSound(), img.findings().toString());
            List<String> onb = Files.readAllLines(d.resolve(id + "-onb_codes.csv"));
            String[] cells = onb.get(1).split(",");
            assertEquals(Long.parseLong(cells[2]), u32(img, ChipFactory.DISCRIMINATOR));
            Spake2pVerifier v = Spake2pVerifier.of(Base64.getDecoder().decode(string(img, ChipFactory.VERIFIER)));
            assertTrue(v.matches(
                    Passcode.of(Long.parseLong(cells[3])),
                    Base64.getDecoder().decode(string(img, ChipFactory.SALT)),
                    1000));
            byte[] dacDer = ((NvsValue.BlobValue)
                            img.get(ChipFactory.NAMESPACE, ChipFactory.DAC_CERT).orElseThrow())
                    .data()
                    .toByteArray();
            X509Certificate dac = TestCerts.parse(dacDer);
            AttestationCertificates.checkDac(dac, paiCert);
            assertEquals(id, AttestationCertificates.commonName(dac).orElseThrow());
            byte[] scalar = ((NvsValue.BlobValue)
                            img.get(ChipFactory.NAMESPACE, ChipFactory.DAC_KEY).orElseThrow())
                    .data()
                    .toByteArray();
            assertArrayEquals(
                    P256Keys.publicPoint(dac.getPublicKey()), P256Keys.multiplyGenerator(new BigInteger(1, scalar)));
            for (String secret : List.of(
                    id + "-partition.bin",
                    id + "-keys-partition.bin",
                    id + "-onb_codes.csv",
                    "internal/DAC_private_key.bin",
                    "internal/DAC_key.der",
                    "internal/DAC_key.pem")) {
                assertEquals(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                        Files.getPosixFilePermissions(d.resolve(secret)),
                        secret);
            }
        }
        String summary = Files.readString(r.summary(), StandardCharsets.UTF_8);
        assertEquals(101, summary.split("\r\n").length);
        try (Stream<Path> s = Files.list(r.folder().resolve("staging"))) {
            assertEquals(6, s.count());
        }
    }
}
