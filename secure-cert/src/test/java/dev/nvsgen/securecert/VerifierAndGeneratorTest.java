package dev.nvsgen.securecert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.securecert.SecureCertFinding.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier's findings, the ECDSA peripheral variant, legacy DS, and bad inputs with their messages. */
class VerifierAndGeneratorTest {
    @TempDir
    Path tmp;

    static Path caseDir(String name) {
        Path dir = SharedFixtures.dir().resolve(name);
        SharedFixtures.assumePresent(Files.isDirectory(dir) ? dir : null);
        return dir;
    }

    static CertificateFile cert(Path dir, String file) throws Exception {
        return CertificateFile.read(Files.readAllBytes(dir.resolve(file)), file);
    }

    static PrivateKeyFile key(Path dir, String file) throws Exception {
        return PrivateKeyFile.read(Files.readAllBytes(dir.resolve(file)), file, null);
    }

    static SecureCertRequest.Builder ec(Chip chip) throws Exception {
        Path d = caseDir("tlv_ec_p256_pem");
        return SecureCertRequest.builder(SecureCertLayout.CUST_FLASH_TLV, chip)
                .add(new SecureCertItem.Certificate(TlvType.CA_CERT, TlvSubtype.SUBTYPE_0, cert(d, "ca.pem")))
                .add(new SecureCertItem.Certificate(TlvType.DEV_CERT, TlvSubtype.SUBTYPE_0, cert(d, "device.pem")));
    }

    static List<Kind> kinds(byte[] image) {
        return SecureCertVerifier.verify(TlvReader.read(image)).stream()
                .map(SecureCertFinding::kind)
                .toList();
    }

    @Test
    void ecdsaPeripheralWritesSecCfgFirstAndFlagsTheKey() throws Exception {
        Path d = caseDir("tlv_ec_p256_pem");
        SecureCertRequest r = ec(Chip.ESP32H2)
                .add(SecureCertCsv.keyItem(
                        TlvSubtype.SUBTYPE_0,
                        key(d, "device.key"),
                        KeyProtection.ECDSA_PERIPHERAL,
                        "ECDSA",
                        256,
                        2,
                        Optional.empty()))
                .build();
        SecureCertImage image = SecureCertGenerator.generate(r, new PinnedRandom(new byte[0]));
        TlvImage read = TlvReader.read(image.bytes());
        assertEquals(
                List.of(TlvType.SEC_CFG, TlvType.CA_CERT, TlvType.DEV_CERT, TlvType.PRIV_KEY, TlvType.INTEGRITY),
                read.tlvs().stream().map(t -> t.entry().type()).toList());
        byte[] cfg = new byte[40];
        cfg[0] = 6; // BLOCK_KEY2 = eFuse block 2 + 4
        assertEquals(Bytes.of(cfg), read.tlvs().get(0).entry().data());
        TlvEntry key = read.tlvs().get(3).entry();
        assertEquals(TlvFlags.ECDSA_PERIPHERAL, key.flags());
        // The key itself is still stored, as the tool stores it.
        byte[] expectedKey = Files.readAllBytes(d.resolve("device.key"));
        assertEquals(expectedKey.length + 1, key.data().length());
        assertEquals(List.of(), SecureCertVerifier.verify(read));
        DeviceView v = DeviceView.ofTlv(read, new DeviceView.Build(false, false));
        assertEquals(Optional.of("ECDSA_PERIPHERAL_KEY"), v.keyType());
        assertEquals(6, v.keyEfuseBlock().getAsInt());
        EfuseKeyBurn burn = image.efuseKeys().get(0);
        assertEquals(
                "espefuse.py --chip esp32h2 -p PORT burn_key BLOCK_KEY2 device.key ECDSA_KEY",
                burn.commandLine(Chip.ESP32H2, "PORT", "device.key"));
        assertEquals(32, burn.exportEcdsaKey().length);
        assertEquals("EfuseKeyBurn[BLOCK_KEY2, ECDSA_KEY, redacted]", burn.toString());
    }

    @Test
    void ecdsaPeripheralNeedsAChipWithOne() throws Exception {
        Path d = caseDir("tlv_ec_p256_pem");
        SecureCertRequest.Builder b = ec(Chip.ESP32S3)
                .add(SecureCertCsv.keyItem(
                        TlvSubtype.SUBTYPE_0,
                        key(d, "device.key"),
                        KeyProtection.ECDSA_PERIPHERAL,
                        "ECDSA",
                        256,
                        2,
                        Optional.empty()));
        assertEquals(
                "esp32s3 has no ECDSA peripheral (esp32h2, esp32p4, esp32c5, esp32c61 have one)",
                assertThrows(NvsInputException.class, b::build).getMessage());
    }

    @Test
    void aKeyOfAnotherCertificateIsFoundAtItsOffset() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKeyFile other = PrivateKeyFile.of(g.generateKeyPair().getPrivate(), true, "other.key");
        byte[] image = SecureCertGenerator.generate(
                        ec(Chip.ESP32S3)
                                .add(SecureCertItem.PrivateKey.plaintext(TlvSubtype.SUBTYPE_0, other))
                                .build(),
                        new PinnedRandom(new byte[0]))
                .bytes();
        List<SecureCertFinding> f = SecureCertVerifier.verify(TlvReader.read(image));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Kind.KEY_MISMATCH, f.get(0).kind());
        assertEquals(0x480, f.get(0).offset());
        assertTrue(
                f.get(0)
                        .message()
                        .startsWith("the private key at offset 0x480 does not belong to the device"
                                + " certificate at offset 0x280"),
                f.get(0).message());
    }

    @Test
    void aDeviceCertificateOfAnotherCaIsFound() throws Exception {
        Path ec = caseDir("tlv_ec_p256_pem");
        Path rsa = caseDir("tlv_rsa2048_pkcs8_pem");
        byte[] image = SecureCertGenerator.generate(
                        SecureCertRequest.builder(SecureCertLayout.CUST_FLASH_TLV, Chip.ESP32C3)
                                .add(new SecureCertItem.Certificate(
                                        TlvType.CA_CERT, TlvSubtype.SUBTYPE_0, cert(ec, "ca.pem")))
                                .add(new SecureCertItem.Certificate(
                                        TlvType.DEV_CERT, TlvSubtype.SUBTYPE_0, cert(rsa, "device.pem")))
                                .build(),
                        new PinnedRandom(new byte[0]))
                .bytes();
        List<SecureCertFinding> f = SecureCertVerifier.verify(TlvReader.read(image));
        assertEquals(
                List.of(Kind.CHAIN), f.stream().map(SecureCertFinding::kind).toList());
        assertEquals(0x280, f.get(0).offset());
    }

    @Test
    void pemWithoutItsNulAndAMissingIntegrityAreFound() throws Exception {
        String pem = Files.readString(caseDir("tlv_ec_p256_pem").resolve("device.pem"));
        byte[] image = TlvPartition.builder()
                .add(TlvEntry.of(
                        TlvType.DEV_CERT, TlvSubtype.SUBTYPE_0, Bytes.of(pem.getBytes(StandardCharsets.US_ASCII))))
                .build()
                .toBytes();
        List<SecureCertFinding> f = SecureCertVerifier.verify(TlvReader.read(image));
        assertEquals(
                List.of(Kind.INTEGRITY_MISSING, Kind.PEM_WITHOUT_NUL),
                f.stream().map(SecureCertFinding::kind).toList());
        assertEquals(
                "offset 0x0: DEV_CERT TLV (subtype 0) at offset 0x0: PEM stored without its trailing NUL; mbedTLS"
                        + " parses a buffer as PEM only when its last byte is NUL",
                f.get(1).toString());
    }

    @Test
    void dsDataIsCheckedAgainstTheHmacKey() throws Exception {
        Path d = caseDir("tlv_rsa2048_ds_esp32s3");
        byte[] image = Files.readAllBytes(d.resolve("expected.bin"));
        HmacKey right = HmacKey.read(d.resolve("hmac_key.bin"));
        assertEquals(List.of(), SecureCertVerifier.verify(TlvReader.read(image), Optional.of(right)));
        HmacKey wrong = HmacKey.of(new byte[32]);
        List<SecureCertFinding> f = SecureCertVerifier.verify(TlvReader.read(image), Optional.of(wrong));
        assertTrue(f.stream().allMatch(x -> x.kind() == Kind.DS_DATA && x.offset() == 0), f.toString());
        assertTrue(f.stream().anyMatch(x -> x.message().contains("MD does not match")), f.toString());
    }

    @Test
    void legacyCustFlashWithDsPutsCiphertextAndIvWhereTheDeviceLooks() throws Exception {
        Path d = caseDir("tlv_rsa2048_ds_esp32s3");
        byte[] iv = new byte[16];
        java.util.Arrays.fill(iv, (byte) 0x5A);
        SecureCertRequest r = SecureCertRequest.builder(SecureCertLayout.CUST_FLASH, Chip.ESP32C6)
                .add(new SecureCertItem.Certificate(TlvType.DEV_CERT, TlvSubtype.SUBTYPE_0, cert(d, "device.pem")))
                .add(SecureCertCsv.keyItem(
                        TlvSubtype.SUBTYPE_0,
                        key(d, "device.key"),
                        KeyProtection.RSA_DS,
                        "RSA",
                        2048,
                        3,
                        Optional.of(HmacKey.read(d.resolve("hmac_key.bin")))))
                .build();
        byte[] p = SecureCertGenerator.generate(r, new PinnedRandom(iv)).bytes();
        assertEquals(0x6000, p.length);
        CustFlashMetadata m = CustFlashMetadata.parse(p);
        assertTrue(m.ds());
        assertEquals(1200, m.key().length());
        assertEquals(2048, m.rsaBits());
        assertEquals(3, m.efuseKeyId());
        assertEquals(6208 + 1216, CustFlashMetadata.ivOffset(Chip.ESP32C6));
        assertArrayEquals(iv, java.util.Arrays.copyOfRange(p, 6208 + 1216, 6208 + 1216 + 16));
        assertEquals(0, p[2112], "a missing CA certificate is marked with one zero byte, as the tool marks it");
        DsData ds = DsData.parse(
                Bytes.of(concat(new byte[] {63, 0, 0, 0}, iv, java.util.Arrays.copyOfRange(p, 6208, 6208 + 1200))), 0);
        assertEquals(List.of(), ds.check(HmacKey.read(d.resolve("hmac_key.bin")), Chip.ESP32C6, null));
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] b : parts) {
            o.writeBytes(b);
        }
        return o.toByteArray();
    }

    @Test
    void tooMuchForThePartitionIsRefused() throws Exception {
        SecureCertRequest r = ec(Chip.ESP32S3)
                .add(new SecureCertItem.Data(TlvType.USER_DATA_1, TlvSubtype.SUBTYPE_0, Bytes.of(new byte[8000])))
                .build();
        assertEquals(
                "the TLVs take 9216 bytes but the esp_secure_cert partition holds 8192 (0x2000)",
                assertThrows(
                                NvsInputException.class,
                                () -> SecureCertGenerator.generate(r, new PinnedRandom(new byte[0])))
                        .getMessage());
    }

    @Test
    void csvBadRowsNameTheLine() throws Exception {
        Path d = caseDir("tlv_csv_user_data");
        String header =
                "tlv_type,tlv_subtype,data_value,data_type,priv_key_type,algorithm,key_size,efuse_id,efuse_key\n";
        assertCsv(
                d,
                header + "ESP_SECURE_CERT_FOO_TLV,0,x,string,,,,,\n",
                "in.csv:2: tlv_type 'ESP_SECURE_CERT_FOO_TLV' is neither a type name (ESP_SECURE_CERT_CA_CERT_TLV, …,"
                        + " ESP_SECURE_CERT_USER_DATA_5_TLV) nor a number");
        assertCsv(
                d,
                header + "# a comment,,,,\nESP_SECURE_CERT_USER_DATA_1_TLV,0,zz,hex,,,,,\n",
                "in.csv:3: data_value is not hex: " + hexError());
        assertCsv(
                d,
                header + "ESP_SECURE_CERT_PRIV_KEY_TLV,0,device.key,file,rsa_ds,RSA,2048,,\n",
                "in.csv:2: rsa_ds needs the eFuse key id (0 to 5) of its key block");
        assertCsv(d, header + "51,0,a,string,,,,,\n51,0,b,string,,,,,\n", null);
        assertCsv(
                d,
                header + "ESP_SECURE_CERT_PRIV_KEY_TLV,0,device.key,file,,ECDSA,256,,\n",
                "in.csv:2: priv_key_type is empty: plaintext, rsa_ds or ecdsa_peripheral");
        assertCsv(
                d,
                "tlv_type,tlv_subtype,data_value\n",
                "in.csv:1: the header has no 'data_type' column (the columns are tlv_type,tlv_subtype,data_value,"
                        + "data_type,priv_key_type,algorithm,key_size,efuse_id,efuse_key)");
        List<SecureCertItem> twice =
                SecureCertCsv.parse(header + "51,0,a,string,,,,,\n51,0,b,string,,,,,\n", "in.csv", d);
        SecureCertRequest.Builder b = SecureCertRequest.builder(SecureCertLayout.CUST_FLASH_TLV, Chip.ESP32S3)
                .addAll(twice);
        assertEquals(
                "two entries of TLV type ESP_SECURE_CERT_USER_DATA_1_TLV and subtype 0; each type and subtype can"
                        + " be stored once",
                assertThrows(NvsInputException.class, b::build).getMessage());
    }

    private static String hexError() {
        try {
            java.util.HexFormat.of().parseHex("zz");
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void assertCsv(Path base, String csv, String message) {
        if (message == null) {
            SecureCertCsv.parse(csv, "in.csv", base);
            return;
        }
        NvsInputException e = assertThrows(NvsInputException.class, () -> SecureCertCsv.parse(csv, "in.csv", base));
        assertEquals(message, e.getMessage());
    }

    @Test
    void keysNeverPrintThemselves() throws Exception {
        Path d = caseDir("tlv_ec_p256_pem");
        assertEquals("PrivateKeyFile[ECDSA-256, redacted]", key(d, "device.key").toString());
        SecureCertItem.PrivateKey k = SecureCertItem.PrivateKey.plaintext(TlvSubtype.SUBTYPE_0, key(d, "device.key"));
        assertTrue(!k.toString().contains("MHc"), k.toString());
        TlvEntry e = TlvEntry.of(
                TlvType.PRIV_KEY,
                TlvSubtype.SUBTYPE_0,
                Bytes.of(key(d, "device.key").exportStored()));
        assertEquals("TlvEntry[PRIV_KEY, SUBTYPE_0, NONE, 228 bytes]", e.toString());
    }
}
