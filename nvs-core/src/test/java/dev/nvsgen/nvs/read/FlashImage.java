package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageHeader;
import dev.nvsgen.nvs.internal.PageState;
import dev.nvsgen.nvs.util.Crc32;
import dev.nvsgen.nvs.util.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds images the way a device leaves them, for tests: pages in any order and state, items at chosen
 * slots, entries erased or in any bitmap state. Nothing checks that the result is valid; that is the point.
 */
final class FlashImage {
    final byte[] bytes;

    FlashImage(int pages) {
        bytes = new byte[pages * Page.SIZE];
        Arrays.fill(bytes, (byte) 0xFF);
    }

    FlashImage page(int page, PageState state, long sequence) {
        PageHeader.write(bytes, page * Page.SIZE, state, sequence, 0xFE);
        return this;
    }

    FlashImage pageVersion(int page, PageState state, long sequence, int versionByte) {
        PageHeader.write(bytes, page * Page.SIZE, state, sequence, versionByte);
        return this;
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code item} at {@code slot} and marks it written; the next free slot. */
    int put(int page, int slot, Item item) {
        item.writeTo(bytes, offset(page, slot));
        state(page, slot, EntryState.WRITTEN);
        return slot + 1;
    }

    int namespace(int page, int slot, String name, int index) {
        return put(page, slot, Item.integer(0, ItemType.U8, key(name), index));
    }

    int u8(int page, int slot, int ns, String key, int value) {
        return put(page, slot, Item.integer(ns, ItemType.U8, key(key), value));
    }

    int f32(int page, int slot, int ns, String key, float value) {
        return put(page, slot, Item.integer(ns, ItemType.FLOAT, key(key), Float.floatToRawIntBits(value)));
    }

    int f64(int page, int slot, int ns, String key, double value) {
        return put(page, slot, Item.integer(ns, ItemType.DOUBLE, key(key), Double.doubleToRawLongBits(value)));
    }

    /** A string (with its NUL), v1 blob or blob chunk: header and payload entries. */
    int variable(int page, int slot, int ns, ItemType type, int chunk, String key, byte[] payload) {
        if (slot + 1 + Page.entriesFor(payload.length) > Page.ENTRY_COUNT) {
            throw new IllegalArgumentException(
                    "payload of " + payload.length + " bytes does not fit from slot " + slot);
        }
        put(page, slot, Item.variableLength(ns, type, chunk, key(key), payload.length, Crc32.compute(payload)));
        int s = slot + 1;
        for (int off = 0; off < payload.length; off += Page.ENTRY_SIZE) {
            System.arraycopy(payload, off, bytes, offset(page, s), Math.min(Page.ENTRY_SIZE, payload.length - off));
            state(page, s++, EntryState.WRITTEN);
        }
        return s;
    }

    int string(int page, int slot, int ns, String key, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return variable(page, slot, ns, ItemType.SZ, Item.CHUNK_ANY, key, Arrays.copyOf(t, t.length + 1));
    }

    int blobIndex(int page, int slot, int ns, String key, int size, int chunks, int chunkStart) {
        return put(page, slot, Item.blobIndex(ns, key(key), size, chunks, chunkStart));
    }

    /** Sets an entry's two bitmap bits, whatever they were. */
    FlashImage state(int page, int slot, EntryState state) {
        int bits = switch (state) {
            case EMPTY -> 0b11;
            case WRITTEN -> 0b10;
            case ERASED -> 0b00;
            case ILLEGAL -> 0b01;
        };
        int at = page * Page.SIZE + Page.BITMAP_OFFSET + slot / 4;
        int shift = (slot % 4) * 2;
        bytes[at] = (byte) ((bytes[at] & ~(0b11 << shift)) | bits << shift);
        if (EntryStateBitmap.state(bytes, page * Page.SIZE, slot) != state) {
            throw new AssertionError("bitmap bits not set");
        }
        return this;
    }

    /** Changes an item's raw bytes (key, data…) and gives it a matching header CRC again. */
    FlashImage patch(int page, int slot, int field, byte... value) {
        int off = offset(page, slot);
        System.arraycopy(value, 0, bytes, off + field, value.length);
        LittleEndian.putI32(bytes, off + 4, Item.computeCrc(bytes, off));
        return this;
    }

    static int offset(int page, int slot) {
        return page * Page.SIZE + Page.entryOffset(slot);
    }
}
