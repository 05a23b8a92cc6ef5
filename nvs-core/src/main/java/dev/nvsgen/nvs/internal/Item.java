package dev.nvsgen.nvs.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One 32-byte item header (ESP-IDF {@code components/nvs_flash/src/nvs_types.hpp}, {@code Item}).
 *
 * <pre>
 * offset  size  what
 *      0     1  namespace index (0 = namespace definitions)
 *      1     1  type ({@link ItemType})
 *      2     1  span: entries used, this header included
 *      3     1  chunk index (0xFF unless a blob_data chunk)
 *      4     4  CRC32 of bytes 0..3 and 8..31
 *      8    16  key, NUL-padded (at most 15 bytes + NUL)
 *     24     8  data: an integer (little-endian, rest 0xFF);
 *               or size u16, 0xFFFF, payload CRC32 (string, blob, blob_data);
 *               or total size u32, chunk count u8, chunk start u8, 0xFFFF (blob_idx)
 * </pre>
 *
 * Immutable: holds a private copy of the 32 bytes.
 */
public final class Item {
    public static final int SIZE = 32;
    public static final int CHUNK_ANY = 0xFF;
    private static final int NS_INDEX = 0;
    private static final int TYPE = 1;
    private static final int SPAN = 2;
    private static final int CHUNK_INDEX = 3;
    private static final int CRC = 4;
    private static final int KEY = 8;
    private static final int KEY_SIZE = 16;
    private static final int DATA = 24;
    // Variable-length items: size, two reserved bytes, payload CRC.
    private static final int VAR_SIZE = 24;
    private static final int VAR_DATA_CRC = 28;
    // Blob index: total size, chunk count, chunk start.
    private static final int IDX_SIZE = 24;
    private static final int IDX_CHUNK_COUNT = 28;
    private static final int IDX_CHUNK_START = 29;

    private final byte[] raw;

    private Item(byte[] raw) {
        this.raw = raw;
    }

    public static Item parse(byte[] buf, int offset) {
        return new Item(Arrays.copyOfRange(buf, offset, offset + SIZE));
    }

    /** An integer item; {@code bits} is written little-endian in the type's width, the rest 0xFF. */
    public static Item integer(int nsIndex, ItemType type, byte[] key, long bits) {
        byte[] b = header(nsIndex, type, 1, CHUNK_ANY, key);
        LittleEndian.putN(b, DATA, bits, type.valueType().width());
        return seal(b);
    }

    /** A string, v1 blob or blob_data header: {@code size} payload bytes with CRC {@code dataCrc} follow. */
    public static Item variableLength(int nsIndex, ItemType type, int chunkIndex, byte[] key, int size, int dataCrc) {
        byte[] b = header(nsIndex, type, 1 + Page.entriesFor(size), chunkIndex, key);
        LittleEndian.putU16(b, VAR_SIZE, size);
        LittleEndian.putI32(b, VAR_DATA_CRC, dataCrc);
        return seal(b);
    }

    public static Item blobIndex(int nsIndex, byte[] key, long totalSize, int chunkCount, int chunkStart) {
        byte[] b = header(nsIndex, ItemType.BLOB_IDX, 1, CHUNK_ANY, key);
        LittleEndian.putI32(b, IDX_SIZE, (int) totalSize);
        b[IDX_CHUNK_COUNT] = (byte) chunkCount;
        b[IDX_CHUNK_START] = (byte) chunkStart;
        return seal(b);
    }

    private static byte[] header(int nsIndex, ItemType type, int span, int chunkIndex, byte[] key) {
        if (key.length > KEY_SIZE - 1) {
            throw new IllegalArgumentException("key of " + key.length + " bytes; at most 15 fit");
        }
        byte[] b = new byte[SIZE];
        Arrays.fill(b, DATA, SIZE, (byte) 0xFF);
        b[NS_INDEX] = (byte) nsIndex;
        b[TYPE] = (byte) type.code();
        b[SPAN] = (byte) span;
        b[CHUNK_INDEX] = (byte) chunkIndex;
        System.arraycopy(key, 0, b, KEY, key.length);
        return b;
    }

    private static Item seal(byte[] b) {
        LittleEndian.putI32(b, CRC, computeCrc(b, 0));
        return new Item(b);
    }

    /** The CRC an item at {@code offset} should carry: over bytes 0..3 and 8..31. */
    public static int computeCrc(byte[] buf, int offset) {
        return Crc32.compute(buf, offset, CRC, offset + KEY, SIZE - KEY);
    }

    public void writeTo(byte[] buf, int offset) {
        System.arraycopy(raw, 0, buf, offset, SIZE);
    }

    public int nsIndex() {
        return raw[NS_INDEX] & 0xFF;
    }

    public int typeCode() {
        return raw[TYPE] & 0xFF;
    }

    /** The type, or null when the code names none. */
    public ItemType type() {
        return ItemType.fromCode(typeCode());
    }

    public int span() {
        return raw[SPAN] & 0xFF;
    }

    public int chunkIndex() {
        return raw[CHUNK_INDEX] & 0xFF;
    }

    public int crc() {
        return LittleEndian.i32(raw, CRC);
    }

    public boolean crcValid() {
        return crc() == computeCrc(raw, 0);
    }

    /** The key bytes up to the first NUL (all 16 when there is none). */
    public byte[] keyBytes() {
        int n = 0;
        while (n < KEY_SIZE && raw[KEY + n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(raw, KEY, KEY + n);
    }

    /** True when the key field holds a NUL within its 16 bytes, as every valid key does. */
    public boolean keyTerminated() {
        for (int i = 0; i < KEY_SIZE; i++) {
            if (raw[KEY + i] == 0) {
                return true;
            }
        }
        return false;
    }

    public String key() {
        return new String(keyBytes(), StandardCharsets.UTF_8);
    }

    /** The 8-byte data field as a little-endian long. */
    public long dataBits() {
        return LittleEndian.i64(raw, DATA);
    }

    /** Payload size of a string, v1 blob or blob_data item. */
    public int varLengthSize() {
        return LittleEndian.u16(raw, VAR_SIZE);
    }

    public int varLengthDataCrc() {
        return LittleEndian.i32(raw, VAR_DATA_CRC);
    }

    public long blobIndexSize() {
        return LittleEndian.u32(raw, IDX_SIZE);
    }

    public int blobIndexChunkCount() {
        return raw[IDX_CHUNK_COUNT] & 0xFF;
    }

    public int blobIndexChunkStart() {
        return raw[IDX_CHUNK_START] & 0xFF;
    }

    /** A copy of the 32 raw bytes. */
    public byte[] toByteArray() {
        return raw.clone();
    }

    @Override
    public String toString() {
        ItemType t = type();
        return "Item[ns=" + nsIndex() + ", type=" + (t == null ? String.format("0x%02x", typeCode()) : t) + ", span="
                + span() + ", chunk=" + chunkIndex() + ", key=" + key() + "]";
    }
}
