package dev.nvsgen.nvs.internal;

import dev.nvsgen.nvs.EntryCipher;

/**
 * Geometry of an NVS page (ESP-IDF {@code components/nvs_flash/src/nvs_page.hpp}).
 *
 * <pre>
 * offset  size  what
 *      0    32  page header ({@link PageHeader})
 *     32    32  entry-state bitmap ({@link EntryStateBitmap})
 *     64  4032  126 entries of 32 bytes ({@link Item} headers and payload)
 * </pre>
 */
public final class Page {
    public static final int SIZE = 4096;
    public static final int HEADER_OFFSET = 0;
    public static final int BITMAP_OFFSET = 32;
    public static final int FIRST_ENTRY_OFFSET = 64;
    /** Bytes in one entry: the NVS format's one name for 32 is {@link EntryCipher#ENTRY_SIZE}. */
    public static final int ENTRY_SIZE = EntryCipher.ENTRY_SIZE;

    public static final int ENTRY_COUNT = 126;

    private Page() {}

    /** Offset of entry {@code slot} from the start of its page. */
    public static int entryOffset(int slot) {
        return FIRST_ENTRY_OFFSET + slot * ENTRY_SIZE;
    }

    /** Entries needed for {@code bytes} of payload, each holding 32. */
    public static int entriesFor(int bytes) {
        return (bytes + ENTRY_SIZE - 1) / ENTRY_SIZE;
    }
}
