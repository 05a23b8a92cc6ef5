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

    @Test
    void dsDataNeedsADsBuildAndAPlainKeyANonDsBuild() throws Exception {
        assertEquals(
                List.of(),
                FirmwarePreflight.check(Sdkconfig.parse(DS_ON), request(SecureCertLayout.CUST_FLASH_TLV, true)));
        assertEquals(
                List.of(),
                FirmwarePreflight.check(Sdkconfig.parse(DS_OFF), request(SecureCertLayout.CUST_FLASH_TLV, false)));
        assertEquals(
                List.of(
                        "the key is written as DS peripheral data, which firmware reads only with"
                                + " CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=y: set it, or write the key in plaintext (no --configure_ds)"),
                FirmwarePreflight.check(Sdkconfig.parse(DS_OFF), request(SecureCertLayout.CUST_FLASH_TLV, true)));
        assertEquals(
                List.of(
                        "firmware built with CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=y has no"
                                + " esp_secure_cert_get_priv_key and cannot read the key TLV: set"
                                + " CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=n, or write DS data (--configure_ds --priv_key_algo RSA …)"),
                FirmwarePreflight.check(Sdkconfig.parse(DS_ON), request(SecureCertLayout.CUST_FLASH_TLV, false)));
    }

    @Test
    void legacyLayoutsNeedLegacySupport() throws Exception {
        assertEquals(
                List.of("the legacy nvs layout is read only with CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS=y:"
                        + " set it in the firmware, or write the TLV layout (cust_flash_tlv)"),
                FirmwarePreflight.check(Sdkconfig.parse(DS_OFF), request(SecureCertLayout.NVS, false)));
    }

    @Test
    void nvsEncryptionBothWays() {
        Sdkconfig on = Sdkconfig.parse("CONFIG_NVS_ENCRYPTION=y\n");
        assertEquals(1, FirmwarePreflight.checkNvs(on, false).size());
        assertEquals(List.of(), FirmwarePreflight.checkNvs(on, true));
        assertEquals(1, FirmwarePreflight.checkNvs(Sdkconfig.parse(""), true).size());
    }
}
