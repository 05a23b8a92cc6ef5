package dev.nvsgen.securecert;

import java.util.Objects;

/**
 * The 12-byte header in front of every TLV, {@code esp_secure_cert_tlv_header_t} in esp_secure_cert_mgr's
 * {@code private_include/esp_secure_cert_tlv_private.h} (packed, little-endian):
 *
 * <pre>
 * offset size field
 *      0    4 magic      0xBA5EBA11
 *      4    1 flags      {@link TlvFlags}
 *      5    3 reserved   zero
 *      8    1 type       {@link TlvType}
 *      9    1 subtype    {@link TlvSubtype}
 *     10    2 length     data bytes, without the padding
 * </pre>
 *
 * @param length data bytes that follow the header (0 to 65535)
 */
public record TlvHeader(TlvFlags flags, TlvType type, TlvSubtype subtype, int length) {
    /** Bytes in a header. */
    public static final int SIZE = 12;
    /** The magic word every TLV starts with. */
    public static final int MAGIC = 0xBA5EBA11;

    private static final int MAGIC_OFFSET = 0;
    private static final int FLAGS_OFFSET = 4;
    private static final int RESERVED_OFFSET = 5;
    private static final int RESERVED_SIZE = 3;
    private static final int TYPE_OFFSET = 8;
    private static final int SUBTYPE_OFFSET = 9;
    private static final int LENGTH_OFFSET = 10;
    /** The u16 length field's largest value. */
    public static final int MAX_LENGTH = 0xFFFF;

    public TlvHeader {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("TLV data length " + length + " is outside 0 to " + MAX_LENGTH);
        }
    }

    /** True if the four bytes at {@code offset} are the TLV magic (false if fewer than four remain). */
    public static boolean hasMagic(byte[] buf, int offset) {
        return offset >= 0 && offset + 4 <= buf.length && Le.u32(buf, offset + MAGIC_OFFSET) == MAGIC;
    }

    /** The data length field at {@code offset}, read without checking anything else. */
    static int lengthAt(byte[] buf, int offset) {
        return Le.u16(buf, offset + LENGTH_OFFSET);
    }

    /** True if the three reserved bytes of the header at {@code offset} are zero. */
    static boolean reservedZero(byte[] buf, int offset) {
        for (int i = 0; i < RESERVED_SIZE; i++) {
            if (buf[offset + RESERVED_OFFSET + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The header at {@code offset}.
     *
     * @throws SecureCertFormatException if the magic is missing, the header is cut short, or a code is unknown
     */
    public static TlvHeader parse(byte[] buf, int offset) {
        if (offset + SIZE > buf.length) {
            throw new SecureCertFormatException(
                    String.format(
                            "TLV header at offset 0x%x needs %d bytes but %d remain",
                            offset, SIZE, Math.max(0, buf.length - offset)),
                    offset);
        }
        if (!hasMagic(buf, offset)) {
            throw new SecureCertFormatException(
                    String.format(
                            "bad TLV magic at offset 0x%x: expected 0x%08x but was 0x%08x",
                            offset, MAGIC, Le.u32(buf, offset)),
                    offset);
        }
        TlvFlags flags = TlvFlags.fromCode(buf[offset + FLAGS_OFFSET] & 0xFF, offset + FLAGS_OFFSET);
        TlvType type = TlvType.fromCode(buf[offset + TYPE_OFFSET] & 0xFF, offset + TYPE_OFFSET);
        TlvSubtype subtype = TlvSubtype.fromCode(buf[offset + SUBTYPE_OFFSET] & 0xFF, offset + SUBTYPE_OFFSET);
        return new TlvHeader(flags, type, subtype, lengthAt(buf, offset));
    }

    /** Writes this header at {@code offset} (reserved bytes zero). */
    public void writeTo(byte[] buf, int offset) {
        Le.putU32(buf, offset + MAGIC_OFFSET, MAGIC);
        buf[offset + FLAGS_OFFSET] = (byte) flags.code();
        for (int i = 0; i < RESERVED_SIZE; i++) {
            buf[offset + RESERVED_OFFSET + i] = 0;
        }
        buf[offset + TYPE_OFFSET] = (byte) type.code();
        buf[offset + SUBTYPE_OFFSET] = (byte) subtype.code();
        Le.putU16(buf, offset + LENGTH_OFFSET, length);
    }
}
