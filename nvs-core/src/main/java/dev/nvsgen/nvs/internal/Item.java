package dev.nvsgen.nvs.internal;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.util.Crc32;
import dev.nvsgen.nvs.util.LittleEndian;
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
 *     24     8  data: an integer, or a float's or double's IEEE 754 bits (little-endian, rest 0xFF);
 *               or size u16, 0xFFFF, payload CRC32 (string, blob, blob_data);
 *               or total size u32, chunk count u8, chunk start u8, 0xFFFF (blob_idx)
 * </pre>
 *
 * Immutable: holds a private copy of the 32 bytes.
 */
public final class Item {
    public static final int CHUNK_ANY = 0xFF;
    /**
     * The largest total a blob index may name: 127 chunks (one version's half of the chunk numbers) of
     * 125 payload entries each. nvs_flash discards an index that claims more.
     */
    public static final long MAX_BLOB_INDEX_SIZE = 127L * (Page.ENTRY_COUNT - 1) * Page.ENTRY_SIZE;

    public static final int NS_INDEX_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int SPAN_OFFSET = 2;
    public static final int CHUNK_INDEX_OFFSET = 3;
    public static final int CRC_OFFSET = 4;
    public static final int KEY_OFFSET = 8;
    private static final int KEY_SIZE = 16;
    public static final int DATA_OFFSET = 24;
    // Variable-length items: size, two reserved bytes, payload CRC.
    public static final int VAR_SIZE_OFFSET = 24;
    public static final int VAR_DATA_CRC_OFFSET = 28;
    // Blob index: total size, chunk count, chunk start.
    public static final int IDX_SIZE_OFFSET = 24;
    private static final int IDX_CHUNK_COUNT = 28;
    private static final int IDX_CHUNK_START = 29;

    /**
     * Why nvs_flash discards an item header when it loads a page (ESP-IDF {@code nvs_types.cpp},
     * {@code Item::checkHeaderConsistency}).
     */
    public enum Defect {
        /** The header CRC does not match bytes 0..3 and 8..31. */
        CRC,
        /** The type code names no type. */
        TYPE,
        /** The span disagrees with the type or the payload size, or runs past the end of the page. */
        SPAN,
        /** A blob_data chunk numbered 0xFF, or a blob index whose chunk index is not 0xFF. */
        CHUNK_INDEX,
        /** A blob index naming more bytes than a blob can hold. */
        SIZE
    }

    private final byte[] raw;

    private Item(byte[] raw) {
        this.raw = raw;
    }

    public static Item parse(byte[] buf, int offset) {
        return new Item(Arrays.copyOfRange(buf, offset, offset + Page.ENTRY_SIZE));
    }

    /**
     * An integer, float or double item; {@code bits} is written little-endian in the type's width, the
     * rest 0xFF (a float's 4 bytes, then 0xFFFFFFFF, as nvs_flash writes it).
     */
    public static Item integer(int nsIndex, ItemType type, byte[] key, long bits) {
        byte[] b = header(nsIndex, type, 1, CHUNK_ANY, key);
        LittleEndian.putN(b, DATA_OFFSET, bits, type.valueType().width());
        return seal(b);
    }

    /** A string, v1 blob or blob_data header: {@code size} payload bytes with CRC {@code dataCrc} follow. */
    public static Item variableLength(int nsIndex, ItemType type, int chunkIndex, byte[] key, int size, int dataCrc) {
        byte[] b = header(nsIndex, type, 1 + Page.entriesFor(size), chunkIndex, key);
        LittleEndian.putU16(b, VAR_SIZE_OFFSET, size);
        LittleEndian.putI32(b, VAR_DATA_CRC_OFFSET, dataCrc);
        return seal(b);
    }

    public static Item blobIndex(int nsIndex, byte[] key, long totalSize, int chunkCount, int chunkStart) {
        byte[] b = header(nsIndex, ItemType.BLOB_IDX, 1, CHUNK_ANY, key);
        LittleEndian.putI32(b, IDX_SIZE_OFFSET, (int) totalSize);
        b[IDX_CHUNK_COUNT] = (byte) chunkCount;
        b[IDX_CHUNK_START] = (byte) chunkStart;
        return seal(b);
    }

    private static byte[] header(int nsIndex, ItemType type, int span, int chunkIndex, byte[] key) {
        if (key.length > KEY_SIZE - 1) {
            throw new IllegalArgumentException("key of " + key.length + " bytes; at most 15 fit");
        }
        byte[] b = new byte[Page.ENTRY_SIZE];
        Arrays.fill(b, DATA_OFFSET, Page.ENTRY_SIZE, (byte) 0xFF);
        b[NS_INDEX_OFFSET] = (byte) nsIndex;
        b[TYPE_OFFSET] = (byte) type.code();
        b[SPAN_OFFSET] = (byte) span;
        b[CHUNK_INDEX_OFFSET] = (byte) chunkIndex;
        System.arraycopy(key, 0, b, KEY_OFFSET, key.length);
        return b;
    }

    private static Item seal(byte[] b) {
        LittleEndian.putI32(b, CRC_OFFSET, computeCrc(b, 0));
        return new Item(b);
    }

    /** The CRC an item at {@code offset} should carry: over bytes 0..3 and 8..31. */
    public static int computeCrc(byte[] buf, int offset) {
        return Crc32.compute(buf, offset, CRC_OFFSET, offset + KEY_OFFSET, Page.ENTRY_SIZE - KEY_OFFSET);
    }

    public void writeTo(byte[] buf, int offset) {
        System.arraycopy(raw, 0, buf, offset, Page.ENTRY_SIZE);
    }

    public int nsIndex() {
        return raw[NS_INDEX_OFFSET] & 0xFF;
    }

    public int typeCode() {
        return raw[TYPE_OFFSET] & 0xFF;
    }

    /** The type, or null when the code names none. */
    public ItemType type() {
        return ItemType.fromCode(typeCode());
    }

    public int span() {
        return raw[SPAN_OFFSET] & 0xFF;
    }

    public int chunkIndex() {
        return raw[CHUNK_INDEX_OFFSET] & 0xFF;
    }

    public int crc() {
        return LittleEndian.i32(raw, CRC_OFFSET);
    }

    public boolean crcValid() {
        return crc() == computeCrc(raw, 0);
    }

    /** The key bytes up to the first NUL (all 16 when there is none). */
    public byte[] keyBytes() {
        int n = 0;
        while (n < KEY_SIZE && raw[KEY_OFFSET + n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(raw, KEY_OFFSET, KEY_OFFSET + n);
    }

    /** True when the key field holds a NUL within its 16 bytes, as every valid key does. */
    public boolean keyTerminated() {
        for (int i = 0; i < KEY_SIZE; i++) {
            if (raw[KEY_OFFSET + i] == 0) {
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
        return LittleEndian.i64(raw, DATA_OFFSET);
    }

    /** Payload size of a string, v1 blob or blob_data item. */
    public int varLengthSize() {
        return LittleEndian.u16(raw, VAR_SIZE_OFFSET);
    }

    public int varLengthDataCrc() {
        return LittleEndian.i32(raw, VAR_DATA_CRC_OFFSET);
    }

    public long blobIndexSize() {
        return LittleEndian.u32(raw, IDX_SIZE_OFFSET);
    }

    public int blobIndexChunkCount() {
        return raw[IDX_CHUNK_COUNT] & 0xFF;
    }

    public int blobIndexChunkStart() {
        return raw[IDX_CHUNK_START] & 0xFF;
    }

    /**
     * What nvs_flash finds wrong with this header when it sits at entry {@code slot} of its page, or null
     * when it accepts it. The checks are the runtime's own, so an item this rejects is one a device erases.
     */
    public Defect defect(int slot) {
        if (!crcValid()) {
            return Defect.CRC;
        }
        ItemType t = type();
        if (t == null || t == ItemType.ANY) {
            return Defect.TYPE;
        }
        if (t == ItemType.BLOB_IDX) {
            if (span() != 1) {
                return Defect.SPAN;
            }
            if (chunkIndex() != CHUNK_ANY) {
                return Defect.CHUNK_INDEX;
            }
            return blobIndexSize() > MAX_BLOB_INDEX_SIZE ? Defect.SIZE : null;
        }
        if (!t.isVariableLength()) {
            return span() == 1 ? null : Defect.SPAN;
        }
        if (t == ItemType.BLOB_DATA && chunkIndex() == CHUNK_ANY) {
            return Defect.CHUNK_INDEX;
        }
        int entriesLeft = Page.ENTRY_COUNT - slot;
        int size = varLengthSize();
        if (size > (entriesLeft - 1) * Page.ENTRY_SIZE || span() > entriesLeft || span() != 1 + Page.entriesFor(size)) {
            return Defect.SPAN;
        }
        return null;
    }

    /**
     * The 24-bit hash nvs_flash indexes a page's items by (ESP-IDF {@code nvs_item_hash_list.cpp}): the
     * NVS CRC32 of namespace index, all 16 key-field bytes and chunk index. Bytes after the key's NUL
     * count, so a key field with anything but NULs there is not found by a lookup.
     */
    public int hash24() {
        return hash24(raw[NS_INDEX_OFFSET], raw, KEY_OFFSET, raw[CHUNK_INDEX_OFFSET]);
    }

    /** The hash a lookup of {@code key} (at most 15 bytes, NUL-padded as nvs_flash pads it) computes. */
    public static int lookupHash24(int nsIndex, byte[] key, int chunkIndex) {
        byte[] field = new byte[KEY_SIZE];
        System.arraycopy(key, 0, field, 0, Math.min(key.length, NvsEntry.MAX_KEY_BYTES));
        return hash24((byte) nsIndex, field, 0, (byte) chunkIndex);
    }

    private static int hash24(byte nsIndex, byte[] key, int keyOffset, byte chunkIndex) {
        byte[] b = new byte[2 + KEY_SIZE];
        b[0] = nsIndex;
        System.arraycopy(key, keyOffset, b, 1, KEY_SIZE);
        b[1 + KEY_SIZE] = chunkIndex;
        return Crc32.compute(b) & 0xFF_FFFF;
    }

    /** The key as nvs_flash copies it out of the item: the bytes before the first NUL, at most 15. */
    public byte[] lookupKey() {
        int n = 0;
        while (n < NvsEntry.MAX_KEY_BYTES && raw[KEY_OFFSET + n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(raw, KEY_OFFSET, KEY_OFFSET + n);
    }

    /**
     * True when {@code key} names this item the way nvs_flash compares keys ({@code strncmp} over 15
     * bytes): equal up to the first NUL, or over all 15 bytes.
     */
    public boolean keyMatches(byte[] key) {
        for (int i = 0; i < NvsEntry.MAX_KEY_BYTES; i++) {
            int a = i < key.length ? key[i] : 0;
            if (a != raw[KEY_OFFSET + i]) {
                return false;
            }
            if (a == 0) {
                return true;
            }
        }
        return true;
    }

    /** True when the key field holds nothing but NULs after the key's terminating NUL. */
    public boolean keyPaddedWithNuls() {
        int n = 0;
        while (n < KEY_SIZE && raw[KEY_OFFSET + n] != 0) {
            n++;
        }
        for (int i = n; i < KEY_SIZE; i++) {
            if (raw[KEY_OFFSET + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code width} bytes of the data field, little-endian, sign-extended when {@code signed}. */
    public long integer(int width, boolean signed) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | (raw[DATA_OFFSET + i] & 0xFF);
        }
        if (signed && width < 8) {
            int shift = 64 - 8 * width;
            v = v << shift >> shift;
        }
        return v;
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
