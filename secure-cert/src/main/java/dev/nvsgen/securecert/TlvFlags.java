package dev.nvsgen.securecert;

/**
 * The flags byte of a TLV header, as esp_secure_cert_mgr's {@code private_include/esp_secure_cert_tlv_private.h}
 * defines it ({@code ESP_SECURE_CERT_TLV_FLAG_…}). The defined values are mutually exclusive, so the byte
 * as a whole is one of these.
 */
public enum TlvFlags {
    /** No flag: data stored as is. */
    NONE(0x00),
    /**
     * The private key lives in an eFuse key block for the ECDSA peripheral (bits 5..3 = 0b001). The key is
     * still stored in plaintext in the TLV, as configure_esp_secure_cert.py does.
     */
    ECDSA_PERIPHERAL(0x08),
    /** The device derives its ECDSA key with the HMAC peripheral (bits 7..6 = 0b01); nvsgen never writes it. */
    HMAC_DERIVED_ECDSA_KEY(0x40),
    /** The data is encrypted under an HMAC-derived key (bits 7..6 = 0b10); nvsgen never writes it. */
    HMAC_ENCRYPTED(0x80);

    private final int code;

    TlvFlags(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The flags with this byte.
     *
     * @param offset where the byte was found, for the message
     * @throws SecureCertFormatException for a byte that is none of the defined values
     */
    public static TlvFlags fromCode(int code, long offset) {
        for (TlvFlags f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new SecureCertFormatException(
                String.format("unknown TLV flags 0x%02x at offset 0x%x", code, offset), offset);
    }
}
