package dev.nvsgen.securecert;

import dev.nvsgen.nvs.Bytes;

/**
 * The DS_CONTEXT TLV: ESP-IDF's {@code esp_ds_data_ctx_t} ({@code esp_ds.h}) as the 32-bit device lays it out:
 *
 * <pre>
 * offset size field
 *      0    4 esp_ds_data  pointer, 0 in flash (the component points it at the DS_DATA TLV at run time)
 *      4    1 efuse_key_id eFuse key block number 0 to 5 (BLOCK_KEY0..5) holding the HMAC key
 *      5    1 (padding)
 *      6    2 rsa_length_bits
 * </pre>
 *
 * @param efuseKeyId 0 to 5
 * @param rsaBits the RSA key's size
 */
public record DsContext(int efuseKeyId, int rsaBits) {
    /** Bytes of the structure. */
    public static final int SIZE = 8;

    private static final int POINTER_OFFSET = 0;
    private static final int KEY_ID_OFFSET = 4;
    private static final int BITS_OFFSET = 6;

    public DsContext {
        if (efuseKeyId < 0 || efuseKeyId > 5) {
            throw new IllegalArgumentException("eFuse key id " + efuseKeyId + " is outside 0 to 5");
        }
    }

    /**
     * The DS_CONTEXT TLV's data read back.
     *
     * @throws SecureCertFormatException if it is not {@value #SIZE} bytes or its key id is out of range
     */
    public static DsContext parse(Bytes data, long offset) {
        if (data.length() != SIZE) {
            throw new SecureCertFormatException(
                    String.format("DS_CONTEXT at offset 0x%x holds %d bytes, not %d", offset, data.length(), SIZE),
                    offset);
        }
        byte[] b = data.toByteArray();
        int id = b[KEY_ID_OFFSET] & 0xFF;
        if (id > 5) {
            throw new SecureCertFormatException(
                    String.format("DS_CONTEXT at offset 0x%x names eFuse key %d; there are keys 0 to 5", offset, id),
                    offset);
        }
        return new DsContext(id, Le.u16(b, BITS_OFFSET));
    }

    public Bytes toBytes() {
        byte[] b = new byte[SIZE];
        Le.putU32(b, POINTER_OFFSET, 0);
        b[KEY_ID_OFFSET] = (byte) efuseKeyId;
        Le.putU16(b, BITS_OFFSET, rsaBits);
        return Bytes.of(b);
    }
}
