package dev.nvsgen.provisioning.model;

import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.securecert.KeyProtection;
import dev.nvsgen.securecert.SecureCertLayout;
import java.util.Objects;

/**
 * How the {@code esp_secure_cert} preset writes each device's partition: its layout ({@code format}: the TLV
 * partition esp_secure_cert_mgr reads by default, or the legacy {@code cust_flash} / {@code nvs} layouts read
 * only with {@code CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS}), the target chip, and how the device's key
 * is kept: in plaintext, as RSA DS peripheral data (then {@code hmacKey} is the one HMAC key every device
 * shares, or null for a fresh one per device), or for the ECDSA peripheral.
 *
 * @param efuseKeyId the eFuse key block (0 to 5) of the HMAC key or ECDSA key; ignored for plaintext keys
 */
public record SecureCert(
        SecureCertLayout format, Chip chip, KeyProtection key, int efuseKeyId, FileRef hmacKey, Origin origin) {
    /** configure_esp_secure_cert.py's default {@code --efuse_key_id}. */
    public static final int DEFAULT_EFUSE_KEY_ID = 1;

    public SecureCert {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(key, "key");
        if (key != KeyProtection.PLAINTEXT && (efuseKeyId < 0 || efuseKeyId > 5)) {
            throw new IllegalArgumentException("an eFuse key id is 0 to 5, not " + efuseKeyId);
        }
        if (hmacKey != null && key != KeyProtection.RSA_DS) {
            throw new IllegalArgumentException("an HMAC key goes with the RSA DS peripheral only");
        }
    }

    /** The TLV partition, plaintext key, for {@code chip}. */
    public static SecureCert tlv(Chip chip) {
        return new SecureCert(SecureCertLayout.CUST_FLASH_TLV, chip, KeyProtection.PLAINTEXT, -1, null, null);
    }

    /** The legacy NVS layout (namespace esp_secure_cert, PEM strings): what the preset wrote before the TLV format. */
    public static SecureCert legacyNvs() {
        return new SecureCert(SecureCertLayout.NVS, Chip.ESP32C3, KeyProtection.PLAINTEXT, -1, null, null);
    }

    /** True for the legacy NVS layout: an NVS partition made as the NVS presets are. */
    public boolean isNvs() {
        return format == SecureCertLayout.NVS;
    }

    /** What the run record says of it: {@code cust_flash_tlv, esp32s3, rsa_ds (eFuse BLOCK_KEY1, HMAC key per device)}. */
    public String description() {
        String s = format.id() + ", " + chip.id() + ", " + key.id();
        if (key != KeyProtection.PLAINTEXT) {
            s += " (eFuse BLOCK_KEY" + efuseKeyId
                    + (key == KeyProtection.RSA_DS
                            ? hmacKey == null ? ", HMAC key per device" : ", HMAC key " + hmacKey.display()
                            : "")
                    + ")";
        }
        return s;
    }
}
