package dev.nvsgen.securecert;

/**
 * The subtype byte of a TLV: an index among TLVs of one type, as {@code esp_secure_cert_tlv_subtype_t} in
 * esp_secure_cert_mgr's {@code include/esp_secure_cert_tlv_config.h} defines it (0 to 16; 254 and 255 are the
 * component's "highest" and "invalid" markers, never stored).
 */
public enum TlvSubtype {
    SUBTYPE_0,
    SUBTYPE_1,
    SUBTYPE_2,
    SUBTYPE_3,
    SUBTYPE_4,
    SUBTYPE_5,
    SUBTYPE_6,
    SUBTYPE_7,
    SUBTYPE_8,
    SUBTYPE_9,
    SUBTYPE_10,
    SUBTYPE_11,
    SUBTYPE_12,
    SUBTYPE_13,
    SUBTYPE_14,
    SUBTYPE_15,
    SUBTYPE_16;

    private static final TlvSubtype[] ALL = values();

    /** The byte stored in the header. */
    public int code() {
        return ordinal();
    }

    /**
     * The subtype with this code.
     *
     * @param offset where the byte was found, for the message
     * @throws SecureCertFormatException for a code outside 0 to 16
     */
    public static TlvSubtype fromCode(int code, long offset) {
        if (code < 0 || code >= ALL.length) {
            throw new SecureCertFormatException(
                    String.format("TLV subtype 0x%02x at offset 0x%x is outside 0 to 16", code, offset), offset);
        }
        return ALL[code];
    }
}
