package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageHeader;
import dev.nvsgen.nvs.internal.PageState;
import dev.nvsgen.nvs.read.Finding.Kind;
import dev.nvsgen.nvs.read.Finding.Severity;
import dev.nvsgen.nvs.util.Crc32;
import dev.nvsgen.nvs.util.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One page as ESP-IDF's nvs_flash runtime holds it after loading the partition at start-up
 * ({@code components/nvs_flash/src/nvs_page.cpp}: {@code Page::load}, {@code mLoadEntryTable},
 * {@code findItem}, {@code eraseEntryAndSpan}, {@code copyItems}).
 *
 * <p>Loading repairs the page in memory exactly as the runtime repairs it on flash: half-written
 * entries, damaged headers, incomplete payloads and, on the active page, stale duplicates are erased.
 * Every repair, and every problem the runtime passes over silently, becomes a {@link Finding}. The
 * image itself is never changed.
 *
 * <p>The behaviour follows ESP-IDF master of mid-2024 to 2026 (the header checks of
 * {@code Item::checkHeaderConsistency} included). One deliberate difference: a page naming a format
 * version newer than 2 makes nvs_flash refuse the whole partition; here only that page is skipped.
 */
final class RuntimePage {
    /** nvs_flash's INVALID_ENTRY: no such entry. Larger than every slot, as in the runtime's comparisons. */
    static final int NONE = Integer.MAX_VALUE;

    static final int NS_ANY = 0xFF;
    static final int TYPE_ANY = ItemType.ANY.code();
    static final int CHUNK_ANY = Item.CHUNK_ANY;
    /** A blob index's chunk start that matches any version (VerOffset::VER_ANY). */
    static final int VER_ANY = 0xFF;

    /** What {@link #find} found. */
    enum Status {
        FOUND,
        NOT_FOUND,
        /** An item of the key was found, but of another type than asked for. */
        TYPE_MISMATCH
    }

    /** The outcome of a {@link #find}: the item and its slot when {@link Status#FOUND}. */
    record Found(Status status, int index, Item item) {
        static final Found NOT_FOUND = new Found(Status.NOT_FOUND, NONE, null);

        boolean found() {
            return status == Status.FOUND;
        }
    }

    final int number;
    private final ImageSource source;
    private final Findings findings;

    PageState state;
    long sequence = -1;
    int versionByte = -1;
    /** The bitmap as the image holds it. */
    private final EntryState[] rawTable = new EntryState[Page.ENTRY_COUNT];
    /** The bitmap as the runtime holds it: loading and lookups erase entries in it. */
    private final EntryState[] table = new EntryState[Page.ENTRY_COUNT];
    /** Entry contents, decrypted, filled on first use. */
    private final byte[] content = new byte[Page.ENTRY_COUNT * Page.ENTRY_SIZE];

    private final boolean[] loaded = new boolean[Page.ENTRY_COUNT];
    /** Headers parsed so far, and whether the runtime's checks accept them: parsing and CRCs cost. */
    private final Item[] items = new Item[Page.ENTRY_COUNT];

    private final Item.Defect[] defects = new Item.Defect[Page.ENTRY_COUNT];
    private final boolean[] checked = new boolean[Page.ENTRY_COUNT];
    /** Where each entry's bytes come from in the image: its own place, or the page it was copied from. */
    private final long[] origin = new long[Page.ENTRY_COUNT];
    /** The runtime's item hash list: slots by 24-bit hash; {@link #hashOf} gives a slot's hash, or -1. */
    private final Map<Integer, BitSet> hashes = new HashMap<>();

    private final int[] hashOf = new int[Page.ENTRY_COUNT];
    int firstUsed = NONE;
    int nextFree = NONE;

    private RuntimePage(ImageSource source, int number, Findings findings) {
        this.source = source;
        this.number = number;
        this.findings = findings;
        Arrays.fill(hashOf, -1);
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            origin[slot] = base() + Page.entryOffset(slot);
        }
    }

    /** Loads page {@code number} of the image as nvs_flash does at start-up, reporting what it finds. */
    static RuntimePage load(ImageSource source, int number, Findings findings) {
        RuntimePage p = new RuntimePage(source, number, findings);
        p.loadHeader();
        return p;
    }

    private long base() {
        return (long) number * Page.SIZE;
    }

    /** True for the states whose pages carry a sequence number and items: active, full, freeing. */
    boolean inUse() {
        return state == PageState.ACTIVE || state == PageState.FULL || state == PageState.FREEING;
    }

    /** Entries the image's bitmap marks {@code s}. */
    int count(EntryState s) {
        int n = 0;
        for (EntryState e : rawTable) {
            n += e == s ? 1 : 0;
        }
        return n;
    }

    // ---- loading ----

    private void loadHeader() {
        byte[] img = source.image;
        int base = (int) base();
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            rawTable[slot] = EntryStateBitmap.state(img, base, slot);
            table[slot] = rawTable[slot];
        }
        int stateWord = LittleEndian.i32(img, base);
        if (stateWord == PageState.UNINITIALIZED.code()) {
            int dirty = firstNotErased(img, base, base + Page.SIZE);
            if (dirty < 0) {
                state = PageState.UNINITIALIZED;
            } else {
                state = PageState.CORRUPT;
                findings.page(
                        Kind.PAGE_NOT_ERASED,
                        Severity.ERROR,
                        number,
                        dirty - base,
                        "the header's state word says the page is erased, but byte 0x"
                                + Integer.toHexString(dirty - base) + " of the page is "
                                + String.format("0x%02x", img[dirty] & 0xFF)
                                + "; nvs_flash treats the page as corrupt and erases it when it needs room");
            }
            return;
        }
        PageHeader header = PageHeader.parse(img, base);
        int expectedCrc = PageHeader.computeCrc(img, base);
        if (header.crc() != expectedCrc) {
            state = PageState.CORRUPT;
            findings.page(
                    Kind.PAGE_HEADER_CRC,
                    Severity.ERROR,
                    number,
                    PageHeader.CRC_OFFSET,
                    String.format(
                            "header CRC is 0x%08x, expected 0x%08x; nvs_flash ignores the page and its %d written entries",
                            header.crc(), expectedCrc, count(EntryState.WRITTEN)));
            return;
        }
        checkReservedHeaderBytes(img, base);
        if (header.versionByte() < 0xFE) {
            state = PageState.CORRUPT;
            findings.page(
                    Kind.PAGE_VERSION,
                    Severity.ERROR,
                    number,
                    PageHeader.VERSION_OFFSET,
                    String.format(
                            "format version byte 0x%02x names a version newer than 2 (0xfe); nvs_flash_init fails with"
                                    + " ESP_ERR_NVS_NEW_VERSION_FOUND (nvsgen skips the page)",
                            header.versionByte()));
            return;
        }
        PageState s = header.state();
        if (s != PageState.ACTIVE && s != PageState.FULL && s != PageState.FREEING) {
            state = PageState.CORRUPT;
            findings.page(
                    Kind.PAGE_STATE,
                    Severity.ERROR,
                    number,
                    PageHeader.STATE_OFFSET,
                    String.format(
                            "state word 0x%08x is none of ACTIVE (0xfffffffe), FULL (0xfffffffc) or FREEING"
                                    + " (0xfffffff8); nvs_flash ignores the page and its %d written entries",
                            stateWord, count(EntryState.WRITTEN)));
            return;
        }
        state = s;
        sequence = header.sequence();
        versionByte = header.versionByte();
        loadEntryTable();
    }

    private void checkReservedHeaderBytes(byte[] img, int base) {
        int dirty = firstNotErased(img, base + PageHeader.VERSION_OFFSET + 1, base + PageHeader.CRC_OFFSET);
        if (dirty >= 0) {
            findings.page(
                    Kind.PAGE_HEADER_RESERVED,
                    Severity.WARNING,
                    number,
                    dirty - base,
                    String.format("unused header byte 0x%x is 0x%02x, expected 0xff", dirty - base, img[dirty] & 0xFF));
        }
    }

    private static int firstNotErased(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != (byte) 0xFF) {
                return i;
            }
        }
        return -1;
    }

    private void loadEntryTable() {
        checkBitmapPadding();
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            if (table[slot] == EntryState.WRITTEN) {
                firstUsed = slot;
                break;
            }
        }
        if (state == PageState.ACTIVE) {
            loadActive();
        } else {
            loadClosed();
        }
        checkEmptyEntries();
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            if (rawTable[slot] == EntryState.ILLEGAL) {
                reportIllegal(slot, "ignores");
            }
        }
    }

    /**
     * The active page: find the first free slot, erase entries a power cut left half-written there, then
     * walk the items, erasing damaged ones and older duplicates of a key written again.
     */
    private void loadActive() {
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            if (table[slot] == EntryState.EMPTY) {
                nextFree = slot;
                break;
            }
        }
        int firstFree = nextFree;
        while (nextFree < Page.ENTRY_COUNT && rawFirstWord(nextFree) != -1) {
            if (rawTable[nextFree] == EntryState.WRITTEN) {
                findings.entry(
                        Kind.UNREACHABLE,
                        Severity.ERROR,
                        origin[nextFree],
                        0,
                        "written entry after the active page's first free slot " + firstFree
                                + "; nvs_flash erases it at start-up");
            } else if (rawTable[nextFree] == EntryState.EMPTY) {
                findings.entry(
                        Kind.HALF_WRITTEN,
                        Severity.WARNING,
                        origin[nextFree],
                        0,
                        "entry is marked empty but holds data: a write was interrupted here; nvs_flash erases it at"
                                + " start-up");
            }
            table[nextFree] = EntryState.ERASED;
            nextFree++;
        }
        int end = Math.min(nextFree, Page.ENTRY_COUNT);
        for (int slot = end; slot < Page.ENTRY_COUNT; slot++) {
            if (table[slot] == EntryState.WRITTEN) {
                findings.entry(
                        Kind.UNREACHABLE,
                        Severity.ERROR,
                        origin[slot],
                        0,
                        "written entry after the active page's first free slot " + firstFree
                                + "; nvs_flash never reads it");
            }
        }

        int lastItemSlot = NONE;
        Item last = null;
        int span;
        for (int slot = 0; slot < end; slot += span) {
            span = 1;
            if (table[slot] == EntryState.ERASED) {
                lastItemSlot = NONE;
                continue;
            }
            if (table[slot] == EntryState.ILLEGAL) {
                lastItemSlot = NONE;
                reportIllegal(slot, "erases");
                erase(slot);
                continue;
            }
            lastItemSlot = slot;
            Item item = item(slot);
            last = item;
            Item.Defect defect = defect(slot);
            if (defect != null) {
                reportDefect(slot, item, defect);
                erase(slot);
                continue;
            }
            hashInsert(slot, item.hash24());
            int duplicate = hashFind(0, item.hash24());
            if (ItemType.fromCode(item.typeCode()).isVariableLength()) {
                span = item.span();
                int missing = firstNotWritten(slot, slot + span);
                if (missing >= 0) {
                    reportIncompleteSpan(slot, item, missing, Severity.WARNING);
                    lastItemSlot = NONE;
                    erase(slot);
                    continue;
                }
            }
            inspect(slot, item);
            if (duplicate < slot) {
                reportDuplicateOnPage(duplicate, slot, item);
                erase(duplicate);
            }
        }
        // A key written again just before a power cut: the older copy is erased once more, by lookup.
        if (lastItemSlot != NONE) {
            Found f = find(last.nsIndex(), last.typeCode(), last.lookupKey(), 0, CHUNK_ANY, VER_ANY);
            if (f.found() && f.index() < lastItemSlot) {
                reportDuplicateOnPage(f.index(), lastItemSlot, last);
                erase(f.index());
            }
        }
    }

    /** A full or freeing page: walk the written entries, erasing damaged items and incomplete payloads. */
    private void loadClosed() {
        for (int slot = firstUsed; slot < Page.ENTRY_COUNT; slot++) {
            if (table[slot] != EntryState.WRITTEN) {
                continue;
            }
            Item item = item(slot);
            Item.Defect defect = defect(slot);
            if (defect != null) {
                reportDefect(slot, item, defect);
                erase(slot);
                continue;
            }
            hashInsert(slot, item.hash24());
            int span = item.span();
            boolean complete = true;
            if (ItemType.fromCode(item.typeCode()).isVariableLength()) {
                int missing = firstNotWritten(slot + 1, slot + span);
                if (missing >= 0) {
                    reportIncompleteSpan(slot, item, missing, Severity.ERROR);
                    erase(slot);
                    complete = false;
                }
            }
            if (complete) {
                inspect(slot, item);
            }
            slot += span - 1;
        }
    }

    private int firstNotWritten(int from, int to) {
        for (int j = from; j < to; j++) {
            if (table[j] != EntryState.WRITTEN) {
                return j;
            }
        }
        return -1;
    }

    /** The entry's first four bytes as the flash holds them (encrypted, in an encrypted image). */
    private int rawFirstWord(int slot) {
        return LittleEndian.i32(source.image, (int) origin[slot]);
    }

    // ---- checks nvs_flash does not make, for verify ----

    private void checkBitmapPadding() {
        int last = Page.BITMAP_OFFSET + 31;
        int b = source.image[(int) base() + last] & 0xFF;
        if ((b & 0xF0) != 0xF0) {
            findings.page(
                    Kind.BITMAP_PADDING,
                    Severity.WARNING,
                    number,
                    last,
                    String.format(
                            "the entry-state bitmap's last byte is 0x%02x: its four unused high bits should be ones",
                            b));
        }
    }

    private void checkEmptyEntries() {
        byte[] img = source.image;
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            if (rawTable[slot] != EntryState.EMPTY || findings.has(Kind.HALF_WRITTEN, origin[slot])) {
                continue;
            }
            int off = (int) origin[slot];
            int dirty = firstNotErased(img, off, off + Page.ENTRY_SIZE);
            if (dirty >= 0) {
                findings.entry(
                        Kind.ENTRY_NOT_ERASED,
                        Severity.ERROR,
                        off,
                        dirty - off,
                        String.format(
                                "the bitmap marks the entry empty, but its byte %d is 0x%02x, not 0xff",
                                dirty - off, img[dirty] & 0xFF));
            }
        }
    }

    /** Looks at an item nvs_flash accepts for what it does not check: key form, chunk index, payload. */
    private void inspect(int slot, Item item) {
        long at = origin[slot];
        ItemType type = ItemType.fromCode(item.typeCode());
        byte[] key = item.keyBytes();
        if (key.length == 0) {
            findings.entry(Kind.ENTRY_KEY, Severity.ERROR, at, 8, describe(item) + ": the key is empty");
        } else if (!item.keyTerminated()) {
            findings.entry(
                    Kind.ENTRY_KEY,
                    Severity.ERROR,
                    at,
                    8 + 15,
                    describe(item)
                            + ": the key fills all 16 bytes without a NUL; nvs_flash lists it by its first 15 bytes but"
                            + " cannot look it up");
        } else if (!item.keyPaddedWithNuls()) {
            findings.entry(
                    Kind.ENTRY_KEY,
                    Severity.ERROR,
                    at,
                    8 + key.length,
                    describe(item)
                            + ": the key field has other bytes than NUL after the key; nvs_flash lists the key but cannot"
                            + " look it up");
        }
        if (type != ItemType.BLOB_DATA && type != ItemType.BLOB_IDX && item.chunkIndex() != CHUNK_ANY) {
            findings.entry(
                    Kind.ENTRY_CHUNK,
                    Severity.ERROR,
                    at,
                    Item.CHUNK_INDEX_OFFSET,
                    String.format(
                            "%s: chunk index 0x%02x, expected 0xff; nvs_flash cannot look the item up by key",
                            describe(item), item.chunkIndex()));
        }
        if (type.isVariableLength()) {
            byte[] payload = payload(slot, item);
            int crc = Crc32.compute(payload);
            if (crc != item.varLengthDataCrc()) {
                findings.entry(
                        Kind.PAYLOAD_CRC,
                        Severity.ERROR,
                        at,
                        Item.VAR_DATA_CRC_OFFSET,
                        String.format(
                                "%s: payload of %d bytes has CRC 0x%08x, the header says 0x%08x; nvs_flash will not"
                                        + " return the value",
                                describe(item), payload.length, crc, item.varLengthDataCrc()));
            } else if (type == ItemType.SZ && (payload.length == 0 || payload[payload.length - 1] != 0)) {
                findings.entry(
                        Kind.STRING_UNTERMINATED,
                        Severity.WARNING,
                        at,
                        Item.VAR_SIZE_OFFSET,
                        describe(item) + ": the string's " + payload.length + " bytes do not end with a NUL");
            }
        }
    }

    private void reportIllegal(int slot, String what) {
        findings.slot(
                Kind.ENTRY_STATE,
                Severity.ERROR,
                number,
                slot,
                base() + Page.BITMAP_OFFSET + slot / 4,
                "the bitmap gives the entry the state 01, which nvs_flash never writes; it " + what + " the entry");
    }

    private void reportDefect(int slot, Item item, Item.Defect defect) {
        long at = origin[slot];
        switch (defect) {
            case CRC ->
                findings.entry(
                        Kind.ENTRY_CRC,
                        Severity.ERROR,
                        at,
                        Item.CRC_OFFSET,
                        String.format(
                                "item header CRC is 0x%08x, expected 0x%08x; nvs_flash erases the item",
                                item.crc(), Item.computeCrc(item.toByteArray(), 0)));
            case TYPE ->
                findings.entry(
                        Kind.ENTRY_TYPE,
                        Severity.ERROR,
                        at,
                        Item.TYPE_OFFSET,
                        String.format(
                                "type code 0x%02x is not an NVS item type; nvs_flash erases the item",
                                item.typeCode()));
            case SPAN -> findings.entry(Kind.ENTRY_SPAN, Severity.ERROR, at, 2, spanProblem(slot, item));
            case CHUNK_INDEX ->
                findings.entry(
                        Kind.ENTRY_CHUNK,
                        Severity.ERROR,
                        at,
                        Item.CHUNK_INDEX_OFFSET,
                        String.format(
                                "%s: chunk index 0x%02x is not allowed for its type; nvs_flash erases the item",
                                describe(item), item.chunkIndex()));
            case SIZE ->
                findings.entry(
                        Kind.ENTRY_SPAN,
                        Severity.ERROR,
                        at,
                        Item.IDX_SIZE_OFFSET,
                        describe(item) + ": a blob index of " + item.blobIndexSize()
                                + " bytes, more than a blob can hold (" + Item.MAX_BLOB_INDEX_SIZE
                                + "); nvs_flash erases it");
        }
    }

    private static String spanProblem(int slot, Item item) {
        ItemType type = ItemType.fromCode(item.typeCode());
        String what = describe(item) + ": span " + item.span();
        if (!type.isVariableLength()) {
            return what + ", expected 1; nvs_flash erases the item";
        }
        int size = item.varLengthSize();
        int expected = 1 + Page.entriesFor(size);
        if (slot + expected > Page.ENTRY_COUNT || slot + item.span() > Page.ENTRY_COUNT) {
            return what + " for " + size + " payload bytes runs past the end of the page (entry " + slot
                    + " of 126); nvs_flash erases the item";
        }
        return what + " does not fit " + size + " payload bytes, which need " + expected
                + "; nvs_flash erases the item";
    }

    private void reportIncompleteSpan(int slot, Item item, int missing, Severity severity) {
        findings.entry(
                Kind.SPAN_INCOMPLETE,
                severity,
                origin[slot],
                Item.SPAN_OFFSET,
                describe(item) + ": payload entry " + missing + " is marked "
                        + table[missing].name().toLowerCase(Locale.ROOT)
                        + ", not written" + (severity == Severity.WARNING ? " (an interrupted write)" : "")
                        + "; nvs_flash erases the item");
    }

    private void reportDuplicateOnPage(int older, int newer, Item newItem) {
        Item old = item(older);
        boolean sameKey = old.nsIndex() == newItem.nsIndex()
                && Arrays.equals(old.lookupKey(), newItem.lookupKey())
                && old.chunkIndex() == newItem.chunkIndex();
        if (sameKey) {
            findings.entry(
                    Kind.DUPLICATE_KEY,
                    Severity.WARNING,
                    origin[older],
                    0,
                    describe(old) + ": an older copy of the item at entry " + newer
                            + " (left by an interrupted update); nvs_flash erases it at start-up");
        } else {
            findings.entry(
                    Kind.HASH_COLLISION,
                    Severity.ERROR,
                    origin[older],
                    0,
                    String.format(
                            "%s shares nvs_flash's 24-bit item hash 0x%06x with %s at entry %d; nvs_flash takes it for an"
                                    + " older copy and erases it at start-up",
                            describe(old), old.hash24(), describe(newItem), newer));
        }
    }

    /** An item in words for messages: its type and key, and its namespace index. */
    static String describe(Item item) {
        ItemType t = ItemType.fromCode(item.typeCode());
        String type = t == null ? String.format("type 0x%02x", item.typeCode()) : typeName(t);
        String key = new String(item.lookupKey(), StandardCharsets.UTF_8);
        String chunk = t == ItemType.BLOB_DATA ? " chunk " + item.chunkIndex() : "";
        return item.nsIndex() == 0
                ? "namespace entry '" + key + "'"
                : type + " '" + key + "'" + chunk + " (namespace index " + item.nsIndex() + ")";
    }

    static String typeName(ItemType t) {
        return switch (t) {
            case SZ -> "string";
            case BLOB -> "blob (version 1)";
            case BLOB_DATA -> "blob chunk";
            case BLOB_IDX -> "blob index";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    // ---- the runtime's operations on a loaded page ----

    /** The item whose header is entry {@code slot}. */
    Item item(int slot) {
        if (items[slot] == null) {
            ensureLoaded(slot);
            items[slot] = Item.parse(content, slot * Page.ENTRY_SIZE);
        }
        return items[slot];
    }

    /** {@link Item#defect} of the header at {@code slot}, computed once. */
    private Item.Defect defect(int slot) {
        if (!checked[slot]) {
            defects[slot] = item(slot).defect(slot);
            checked[slot] = true;
        }
        return defects[slot];
    }

    /** Where entry {@code slot}'s bytes are in the image. */
    long origin(int slot) {
        return origin[slot];
    }

    private void ensureLoaded(int slot) {
        if (!loaded[slot]) {
            source.readEntry(origin[slot], content, slot * Page.ENTRY_SIZE);
            loaded[slot] = true;
        }
    }

    /** The payload of the string or blob whose header is entry {@code slot}: exactly its size, at most 4000 bytes. */
    byte[] payload(int slot, Item item) {
        int size = item.varLengthSize();
        byte[] out = new byte[size];
        int copied = 0;
        for (int i = slot + 1; i < slot + item.span() && copied < size; i++) {
            ensureLoaded(i);
            int n = Math.min(Page.ENTRY_SIZE, size - copied);
            System.arraycopy(content, i * Page.ENTRY_SIZE, out, copied, n);
            copied += n;
        }
        return out;
    }

    /**
     * Finds an item as {@code Page::findItem} does, starting at slot {@code from}: a key lookup goes
     * through the hash list, a scan ({@code key} null) visits items in slot order. {@code key} is at most
     * 15 bytes without NUL. Items that fail the header checks on the way are erased.
     */
    Found find(int nsIndex, int typeCode, byte[] key, int from, int chunkIndex, int chunkStart) {
        if (!inUse() || from >= Page.ENTRY_COUNT) {
            return Found.NOT_FOUND;
        }
        int start = from > firstUsed ? from : firstUsed;
        int end = Math.min(nextFree, Page.ENTRY_COUNT);
        int blobData = ItemType.BLOB_DATA.code();
        int blob = ItemType.BLOB.code();
        int blobIndex = ItemType.BLOB_IDX.code();
        if (nsIndex != NS_ANY && key != null && (typeCode != blobData || chunkIndex != CHUNK_ANY)) {
            int cached = hashFind(start, Item.lookupHash24(nsIndex, key, chunkIndex));
            if (cached >= Page.ENTRY_COUNT) {
                return Found.NOT_FOUND;
            }
            start = cached;
        }
        int next;
        for (int i = start; i < end; i = next) {
            next = i + 1;
            if (table[i] != EntryState.WRITTEN) {
                continue;
            }
            Item item = item(i);
            if (defect(i) != null) {
                erase(i);
                continue;
            }
            int type = item.typeCode();
            if (ItemType.fromCode(type).isVariableLength()) {
                next = i + item.span();
            }
            if (nsIndex != NS_ANY && item.nsIndex() != nsIndex) {
                continue;
            }
            if (key != null && !item.keyMatches(key)) {
                continue;
            }
            if (chunkIndex != CHUNK_ANY && typeCode == blobData && item.chunkIndex() != chunkIndex) {
                continue;
            }
            if (chunkIndex == CHUNK_ANY && typeCode == blobData && type != blobData) {
                continue;
            }
            if (chunkIndex == CHUNK_ANY && typeCode == blob && type == blobIndex) {
                return new Found(Status.TYPE_MISMATCH, NONE, null);
            }
            if (chunkIndex == CHUNK_ANY && typeCode == blob && type == blobData) {
                continue;
            }
            if (typeCode == blobIndex && item.chunkIndex() != CHUNK_ANY) {
                continue;
            }
            if (typeCode == blobIndex && chunkStart != VER_ANY && item.blobIndexChunkStart() != chunkStart) {
                continue;
            }
            if (typeCode != TYPE_ANY && type != typeCode) {
                if (key == null && nsIndex == NS_ANY && chunkIndex == CHUNK_ANY) {
                    continue;
                }
                return new Found(Status.TYPE_MISMATCH, i, item);
            }
            return new Found(Status.FOUND, i, item);
        }
        return Found.NOT_FOUND;
    }

    /** Finds and erases an item ({@code Page::eraseItem}); the status of the lookup. */
    Status eraseItem(int nsIndex, int typeCode, byte[] key, int chunkIndex, int chunkStart) {
        Found f = find(nsIndex, typeCode, key, 0, chunkIndex, chunkStart);
        if (f.found()) {
            erase(f.index());
        }
        return f.status();
    }

    /** Marks an item and its payload erased ({@code Page::eraseEntryAndSpan}); a damaged header, just its entry. */
    void erase(int index) {
        int span = 1;
        if (table[index] == EntryState.WRITTEN) {
            Item item = item(index);
            hashRemove(index);
            if (defect(index) == null) {
                span = item.span();
            }
        }
        for (int i = index; i < index + span; i++) {
            table[i] = EntryState.ERASED;
        }
        if (index == firstUsed) {
            firstUsed = NONE;
            int end = Math.min(nextFree, Page.ENTRY_COUNT);
            for (int i = index + span; i < end; i++) {
                if (table[i] == EntryState.WRITTEN) {
                    firstUsed = i;
                    break;
                }
            }
        }
        if (nextFree != NONE && index + span > nextFree) {
            nextFree = index + span;
        }
    }

    /** Erases the whole page ({@code Page::erase}): it becomes free, as after a flash erase. */
    void eraseAll() {
        state = PageState.UNINITIALIZED;
        firstUsed = NONE;
        nextFree = NONE;
        hashes.clear();
        Arrays.fill(hashOf, -1);
    }

    /** Starts writing to a free page ({@code Page::initialize}): it becomes active, with every entry empty. */
    void initialize() {
        state = PageState.ACTIVE;
        nextFree = 0;
        firstUsed = NONE;
        Arrays.fill(table, EntryState.EMPTY);
    }

    /**
     * Copies every written item, with its payload, to {@code other} ({@code Page::copyItems}), as the
     * runtime finishes an interrupted page reclaim.
     */
    void copyItemsTo(RuntimePage other) {
        if (firstUsed == NONE) {
            return;
        }
        if (other.state == PageState.UNINITIALIZED) {
            other.initialize();
        }
        int i = firstUsed;
        while (i < Page.ENTRY_COUNT) {
            if (table[i] != EntryState.WRITTEN) {
                i++;
                continue;
            }
            Item item = item(i);
            other.hashInsert(other.nextFree, item.hash24());
            int end = i + Math.max(1, item.span());
            for (int j = i; j < end && j < Page.ENTRY_COUNT; j++) {
                ensureLoaded(j);
                other.append(content, j * Page.ENTRY_SIZE, origin[j]);
            }
            i = end;
        }
    }

    private void append(byte[] bytes, int offset, long from) {
        if (nextFree >= Page.ENTRY_COUNT) {
            return;
        }
        int slot = nextFree;
        System.arraycopy(bytes, offset, content, slot * Page.ENTRY_SIZE, Page.ENTRY_SIZE);
        loaded[slot] = true;
        items[slot] = null;
        checked[slot] = false;
        origin[slot] = from;
        table[slot] = EntryState.WRITTEN;
        if (firstUsed == NONE) {
            firstUsed = slot;
        }
        nextFree++;
    }

    // ---- the hash list: slots by hash, in slot order (the order the runtime inserts them) ----

    private void hashInsert(int slot, int hash) {
        hashes.computeIfAbsent(hash, h -> new BitSet(Page.ENTRY_COUNT)).set(slot);
        hashOf[slot] = hash;
    }

    private void hashRemove(int slot) {
        int hash = hashOf[slot];
        if (hash >= 0) {
            hashes.get(hash).clear(slot);
            hashOf[slot] = -1;
        }
    }

    /** Every hash in the list: the keys this page may hold. */
    Set<Integer> hashes() {
        Set<Integer> out = new HashSet<>();
        hashes.forEach((hash, slots) -> {
            if (!slots.isEmpty()) {
                out.add(hash);
            }
        });
        return out;
    }

    /** The first slot from {@code start} with {@code hash} in the list, or {@link #NONE}. */
    private int hashFind(int start, int hash) {
        BitSet slots = hashes.get(hash);
        if (slots == null || start >= Page.ENTRY_COUNT) {
            return NONE;
        }
        int slot = slots.nextSetBit(start);
        return slot < 0 ? NONE : slot;
    }
}
