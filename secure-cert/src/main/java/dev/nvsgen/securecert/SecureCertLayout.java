package dev.nvsgen.securecert;

import dev.nvsgen.nvs.NvsInputException;

/** How the partition is laid out: configure_esp_secure_cert.py's {@code --secure_cert_type}. */
public enum SecureCertLayout {
    /**
     * The TLV format, which esp_secure_cert_mgr reads by default: partition type 0x3F, subtype 0,
     * 0x2000 bytes.
     */
    CUST_FLASH_TLV("cust_flash_tlv"),
    /**
     * Legacy: fixed offsets behind a metadata block, 0x6000 bytes, type 0x3F. Firmware reads it only with
     * {@code CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS}.
     */
    CUST_FLASH("cust_flash"),
    /**
     * Legacy: an NVS partition (data/nvs, 0x3000 bytes) with namespace {@code esp_secure_cert}. Firmware reads it
     * only with {@code CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS}.
     */
    NVS("nvs");

    private final String id;

    SecureCertLayout(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Bytes of the image this layout writes (TLV: the usual partition size; the image itself ends earlier). */
    public int partitionSize() {
        return switch (this) {
            case CUST_FLASH_TLV -> TlvPartition.DEFAULT_PARTITION_SIZE;
            case CUST_FLASH -> 0x6000;
            case NVS -> 0x3000;
        };
    }

    public static SecureCertLayout of(String id) {
        for (SecureCertLayout l : values()) {
            if (l.id.equals(id)) {
                return l;
            }
        }
        throw new NvsInputException("secure cert type '" + id + "' is not cust_flash_tlv, cust_flash or nvs");
    }
}
