package dev.nvsgen.securecert;

/**
 * The type byte of a TLV, as {@code esp_secure_cert_tlv_type_t} in esp_secure_cert_mgr's
 * {@code include/esp_secure_cert_tlv_config.h} numbers them. {@link #toolName()} is the name
 * configure_esp_secure_cert.py's CSV accepts ({@code tlv_format.tlv_type_t}).
 */
public enum TlvType {
    CA_CERT(0, "ESP_SECURE_CERT_CA_CERT_TLV"),
    DEV_CERT(1, "ESP_SECURE_CERT_DEV_CERT_TLV"),
    PRIV_KEY(2, "ESP_SECURE_CERT_PRIV_KEY_TLV"),
    DS_DATA(3, "ESP_SECURE_CERT_DS_DATA_TLV"),
    DS_CONTEXT(4, "ESP_SECURE_CERT_DS_CONTEXT_TLV"),
    HMAC_ECDSA_KEY_SALT(5, "ESP_SECURE_CERT_ECDSA_KEY_SALT_TLV"),
    SEC_CFG(6, "ESP_SECURE_CERT_SEC_CFG_TLV"),
    TEE_SEC_STORAGE_KEY(7, "ESP_SECURE_CERT_TEE_SEC_STORAGE_KEY_TLV"),
    SIGNATURE_BLOCK(8, "ESP_SECURE_CERT_SIGNATURE_BLOCK_TLV"),
    INTEGRITY(9, "ESP_SECURE_CERT_INTEGRITY_TLV"),
    USER_DATA_1(51, "ESP_SECURE_CERT_USER_DATA_1_TLV"),
    USER_DATA_2(52, "ESP_SECURE_CERT_USER_DATA_2_TLV"),
    USER_DATA_3(53, "ESP_SECURE_CERT_USER_DATA_3_TLV"),
    USER_DATA_4(54, "ESP_SECURE_CERT_USER_DATA_4_TLV"),
    USER_DATA_5(55, "ESP_SECURE_CERT_USER_DATA_5_TLV"),
    /** Reserved for esp-matter's factory data; applications do not use it. */
    MATTER_TLV_1(201, "ESP_SECURE_CERT_MATTER_TLV_1"),
    MATTER_TLV_2(202, "ESP_SECURE_CERT_MATTER_TLV_2");

    private static final TlvType[] BY_CODE = new TlvType[256];

    static {
        for (TlvType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String toolName;

    TlvType(int code, String toolName) {
        this.code = code;
        this.toolName = toolName;
    }

    public int code() {
        return code;
    }

    /** The name in configure_esp_secure_cert.py's {@code tlv_type_t}, which its CSV's tlv_type column accepts. */
    public String toolName() {
        return toolName;
    }

    /** True for the five types left to applications (51 to 55). */
    public boolean isUserData() {
        return code >= USER_DATA_1.code && code <= USER_DATA_5.code;
    }

    /**
     * The type with this code.
     *
     * @param offset where the byte was found, for the message
     * @throws SecureCertFormatException for a code the component does not define
     */
    public static TlvType fromCode(int code, long offset) {
        TlvType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (t == null) {
            throw new SecureCertFormatException(
                    String.format("unknown TLV type 0x%02x at offset 0x%x", code, offset), offset);
        }
        return t;
    }

    /** The type named {@code name} (ours, or the tool's {@code ESP_SECURE_CERT_…_TLV}), or null. */
    public static TlvType named(String name) {
        for (TlvType t : values()) {
            if (t.name().equals(name) || t.toolName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
