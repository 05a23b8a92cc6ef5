package dev.nvsgen.securecert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.flash.Chip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sdkconfig reader and the preflight rules, one line per finding. */
class FirmwarePreflightTest {
    static final String DS_ON =
            "CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=y\n# CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS is not set\n";
    static final String DS_OFF = "# CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL is not set\nCONFIG_IDF_TARGET=\"esp32s3\"\n";

    @Test
    void readsSdkconfig() {
        Sdkconfig c = Sdkconfig.parse(DS_OFF);
        assertEquals(Optional.of("esp32s3"), c.value("CONFIG_IDF_TARGET"));
        assertEquals(Optional.of("n"), c.value("CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL"));
        assertEquals(false, c.enabled("CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL"));
    }

    static SecureCertRequest request(SecureCertLayout layout, boolean ds) throws Exception {
        Path d = SharedFixtures.dir().resolve("tlv_rsa2048_ds_esp32s3");
        SharedFixtures.assumePresent(Files.isDirectory(d) ? d : null);
        PrivateKeyFile key = PrivateKeyFile.read(Files.readAllBytes(d.resolve("device.key")), "device.key", null);
        return SecureCertRequest.builder(layout, Chip.ESP32S3)
                .add(new SecureCertItem.Certificate(
                        TlvType.DEV_CERT,
                        TlvSubtype.SUBTYPE_0,
                        CertificateFile.read(Files.readAllBytes(d.resolve("device.pem")), "device.pem")))
                .add(
                        ds
                                ? SecureCertCsv.keyItem(
                                        TlvSubtype.SUBTYPE_0,
                                        key,
                                        KeyProtection.RSA_DS,
                                        "RSA",
                                        2048,
                                        1,
                                        Optional.of(HmacKey.read(d.resolve("hmac_key.bin"))))
                                : SecureCertItem.PrivateKey.plaintext(TlvSubtype.SUBTYPE_0, key))
                .build();
    }

    static List<String> lines(List<FirmwarePreflight.Finding> findings, Sdkconfig c) {
        return findings.stream()
                .map(f -> f.line("x", c, FirmwarePreflight::dropInWords))
                .toList();
    }

    @Test
    void remembersLinesAndStates() {
        Sdkconfig c = Sdkconfig.parse("# comment\n" + DS_OFF, "build/sdkconfig", null);
        assertEquals(
                "build/sdkconfig:2 has CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL not set",
                c.state("CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL"));
        assertEquals("build/sdkconfig:3 has CONFIG_IDF_TARGET=esp32s3", c.state("CONFIG_IDF_TARGET"));
        assertEquals("build/sdkconfig has no CONFIG_NVS_ENCRYPTION", c.state("CONFIG_NVS_ENCRYPTION"));
    }

    @Test
    void dsDataNeedsADsBuildAndAPlainKeyANonDsBuild() throws Exception {
        Sdkconfig on = Sdkconfig.parse(DS_ON);
        Sdkconfig off = Sdkconfig.parse(DS_OFF);
        assertEquals(List.of(), FirmwarePreflight.check(on, request(SecureCertLayout.CUST_FLASH_TLV, true)));
        assertEquals(List.of(), FirmwarePreflight.check(off, request(SecureCertLayout.CUST_FLASH_TLV, false)));
        assertEquals(
                List.of("x: the key is written as DS peripheral data, which firmware reads only with"
                        + " CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=y; sdkconfig:1 has"
                        + " CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL not set: set it, or write the key in plaintext (no"
                        + " --configure_ds)"),
                lines(FirmwarePreflight.check(off, request(SecureCertLayout.CUST_FLASH_TLV, true)), off));
        assertEquals(
                List.of("x: firmware built with CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=y has no"
                        + " esp_secure_cert_get_priv_key and cannot read the key TLV; sdkconfig:1 has"
                        + " CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=y: set CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=n, or"
                        + " write DS data (--configure_ds --priv_key_algo RSA …)"),
                lines(FirmwarePreflight.check(on, request(SecureCertLayout.CUST_FLASH_TLV, false)), on));
    }

    @Test
    void legacyLayoutsNeedLegacySupport() throws Exception {
        Sdkconfig off = Sdkconfig.parse(DS_OFF);
        assertEquals(
                List.of("x: esp_secure_cert_mgr reads the legacy nvs layout only with"
                        + " CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS=y; sdkconfig has no"
                        + " CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS: set it in the firmware, or write the TLV"
                        + " layout (--secure_cert_type cust_flash_tlv)"),
                lines(FirmwarePreflight.check(off, request(SecureCertLayout.NVS, false)), off));
    }

    @Test
    void nvsEncryptionBothWays() {
        Sdkconfig on = Sdkconfig.parse("CONFIG_NVS_ENCRYPTION=y\nCONFIG_NVS_SEC_KEY_PROTECT_USING_HMAC=y\n");
        FirmwarePreflight.NvsEncryption none = FirmwarePreflight.NvsEncryption.NONE;
        FirmwarePreflight.NvsEncryption hmac = FirmwarePreflight.NvsEncryption.HMAC;
        FirmwarePreflight.NvsEncryption keys = FirmwarePreflight.NvsEncryption.KEYS_PARTITION;
        assertEquals(
                List.of("x: the NVS image is plain but with CONFIG_NVS_ENCRYPTION=y nvs_flash_init opens partition"
                        + " 'nvs' encrypted and reads no entry of a plain one; sdkconfig:1 has CONFIG_NVS_ENCRYPTION=y:"
                        + " unset it, or write an encrypted image"),
                lines(FirmwarePreflight.checkNvs(on, none, "nvs"), on));
        assertEquals(1, FirmwarePreflight.checkNvs(on, none, null).size());
        // Another partition is opened as the application says: nvs_flash_init_partition reads it plain.
        assertEquals(List.of(), FirmwarePreflight.checkNvs(on, none, "fctry"));
        assertEquals(List.of(), FirmwarePreflight.checkNvs(on, hmac, "nvs"));
        assertEquals(
                List.of("x: the image's keys are in an nvs_keys file, but the firmware derives its keys from an HMAC"
                        + " key in eFuse and never reads an nvs_keys partition; sdkconfig:2 has"
                        + " CONFIG_NVS_SEC_KEY_PROTECT_USING_HMAC=y: set CONFIG_NVS_SEC_KEY_PROTECT_USING_FLASH_ENC=y"
                        + " instead, or derive the keys from an HMAC key"),
                lines(FirmwarePreflight.checkNvs(on, keys, "nvs"), on));
        Sdkconfig off = Sdkconfig.parse("");
        assertEquals(1, FirmwarePreflight.checkNvs(off, keys, "nvs").size());
        assertEquals(List.of(), FirmwarePreflight.checkNvs(off, none, "nvs"));
    }

    @Test
    void pemNeedsItsNulAndAParser() {
        assertEquals(true, FirmwarePreflight.isPemWithoutNul("\n-----BEGIN CERTIFICATE-----\nAA==\n".getBytes()));
        assertEquals(false, FirmwarePreflight.isPemWithoutNul("-----BEGIN CERTIFICATE-----\nAA==\n\0".getBytes()));
        assertEquals(false, FirmwarePreflight.isPemWithoutNul(new byte[] {0x30, (byte) 0x82, 1, 2}));
        assertEquals(false, FirmwarePreflight.isPemWithoutNul(new byte[0]));
        Sdkconfig noPem = Sdkconfig.parse("# CONFIG_MBEDTLS_PEM_PARSE_C is not set\n");
        assertEquals(
                List.of("x: a certificate or key is stored as PEM, but mbedtls without CONFIG_MBEDTLS_PEM_PARSE_C"
                        + " parses DER only; sdkconfig:1 has CONFIG_MBEDTLS_PEM_PARSE_C not set: set it, or store DER"),
                lines(FirmwarePreflight.checkPem(noPem), noPem));
        assertEquals(List.of(), FirmwarePreflight.checkPem(Sdkconfig.parse("")));
        Sdkconfig c = Sdkconfig.parse("CONFIG_MBEDTLS_PEM_PARSE_C=y\n");
        assertEquals(
                "x: entry certs.ca (a blob) holds PEM text without its trailing NUL: mbedtls_x509_crt_parse and"
                        + " mbedtls_pk_parse_key take PEM only when the buffer ends with its NUL and the length counts"
                        + " it; sdkconfig:1 has CONFIG_MBEDTLS_PEM_PARSE_C=y: make the firmware copy it into a"
                        + " NUL-ended buffer before parsing, or store the PEM with its trailing NUL",
                FirmwarePreflight.pemWithoutNul("entry certs.ca (a blob)")
                        .line("x", c, FirmwarePreflight::dropInWords));
    }
}
