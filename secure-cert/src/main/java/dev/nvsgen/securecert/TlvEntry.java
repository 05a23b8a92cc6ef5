package dev.nvsgen.securecert;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.util.Crc32;
import java.util.Objects;

/**
 * One TLV as it lies in the partition (esp_secure_cert_mgr's {@code srcs/esp_secure_cert_tlv_read.c},
 * {@code esp_secure_cert_get_tlv_total_length} and {@code esp_secure_cert_verify_tlv_integrity}):
 *
 * <pre>
 * offset            size      field
 *      0              12      {@link TlvHeader}
 *     12          length      data
 *     12 + length    pad      zero padding, pad = (16 - length % 16) % 16, so data + pad is 16·n
 *     12 + length + pad  4    footer: CRC32 (ROM crc32_le seeded 0xFFFFFFFF) over header, data and padding
 * </pre>
 *
 * Every TLV is thus a whole number of 16-byte flash-encryption blocks. Equal by content;
 * {@code toString} never shows the data, which may be a private key.
 */
public final class TlvEntry {
    /** The alignment of data + padding (and of whole TLVs): one AES block of flash encryption. */
    public static final int ALIGNMENT = 16;
    /** Bytes of the CRC footer. */
    public static final int FOOTER_SIZE = 4;

    private final TlvHeader header;
    private final Bytes data;

    private TlvEntry(TlvHeader header, Bytes data) {
        this.header = header;
        this.data = data;
    }

    /** A TLV of {@code type} and {@code subtype} holding {@code data}. */
    public static TlvEntry of(TlvType type, TlvSubtype subtype, TlvFlags flags, Bytes data) {
        Objects.requireNonNull(data, "data");
        return new TlvEntry(new TlvHeader(flags, type, subtype, data.length()), data);
    }

    public static TlvEntry of(TlvType type, TlvSubtype subtype, Bytes data) {
        return of(type, subtype, TlvFlags.NONE, data);
    }

    public TlvHeader header() {
        return header;
    }

    public TlvType type() {
        return header.type();
    }

    public TlvSubtype subtype() {
        return header.subtype();
    }

    public TlvFlags flags() {
        return header.flags();
    }

    /** The data, without padding. */
    public Bytes data() {
        return data;
    }

    /** Zero bytes after the data. */
    public int padding() {
        return padding(data.length());
    }

    /** Bytes this TLV takes: header, data, padding and footer. */
    public int totalLength() {
        return totalLength(data.length());
    }

    static int padding(int length) {
        return (ALIGNMENT - length % ALIGNMENT) % ALIGNMENT;
    }

    static int totalLength(int length) {
        return TlvHeader.SIZE + length + padding(length) + FOOTER_SIZE;
    }

    /** The CRC this TLV's footer holds. */
    public int crc() {
        byte[] b = new byte[totalLength()];
        writeTo(b, 0);
        return Le.u32(b, b.length - FOOTER_SIZE);
    }

    /** Writes the whole TLV at {@code offset}, CRC included, and returns the offset after it. */
    public int writeTo(byte[] buf, int offset) {
        header.writeTo(buf, offset);
        data.copyTo(buf, offset + TlvHeader.SIZE);
        int crcStart = offset + TlvHeader.SIZE + data.length();
        int footer = crcStart + padding();
        for (int i = crcStart; i < footer; i++) {
            buf[i] = 0;
        }
        Le.putU32(buf, footer, Crc32.compute(buf, offset, footer - offset));
        return footer + FOOTER_SIZE;
    }

    /**
     * The TLV at {@code offset}, without checking its CRC (see {@link #storedCrc} and {@link #computedCrc}).
     *
     * @throws SecureCertFormatException if the header is bad or the TLV runs past the end of {@code buf}
     */
    public static TlvEntry parse(byte[] buf, int offset) {
        TlvHeader header = TlvHeader.parse(buf, offset);
        int total = totalLength(header.length());
        if (offset + total > buf.length) {
            throw new SecureCertFormatException(
                    String.format(
                            "TLV %s at offset 0x%x needs %d bytes but %d remain",
                            header.type(), offset, total, buf.length - offset),
                    offset);
        }
        return new TlvEntry(header, Bytes.of(buf, offset + TlvHeader.SIZE, header.length()));
    }

    /** The CRC stored in the footer of the TLV at {@code offset} (whose length field must be in range). */
    static int storedCrc(byte[] buf, int offset) {
        return Le.u32(buf, offset + totalLength(TlvHeader.lengthAt(buf, offset)) - FOOTER_SIZE);
    }

    /** The CRC the device computes over the TLV at {@code offset}: header, data and padding as stored. */
    static int computedCrc(byte[] buf, int offset) {
        int length = TlvHeader.lengthAt(buf, offset);
        return Crc32.compute(buf, offset, TlvHeader.SIZE + length + padding(length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlvEntry t && t.header.equals(header) && t.data.equals(data);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + data.hashCode();
    }

    @Override
    public String toString() {
        return "TlvEntry[" + header.type() + ", " + header.subtype() + ", " + header.flags() + ", " + data.length()
                + " bytes]";
    }
}
