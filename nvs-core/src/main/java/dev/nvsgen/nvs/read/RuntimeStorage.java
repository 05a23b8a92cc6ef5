package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageHeader;
import dev.nvsgen.nvs.internal.PageState;
import dev.nvsgen.nvs.read.Finding.Kind;
import dev.nvsgen.nvs.read.Finding.Severity;
import dev.nvsgen.nvs.read.RuntimePage.Found;
import dev.nvsgen.nvs.util.Crc32;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A partition as ESP-IDF's nvs_flash runtime holds it after {@code nvs_flash_init}: pages in sequence
 * order, namespaces, and the blob bookkeeping ({@code nvs_pagemanager.cpp}: {@code PageManager::load};
 * {@code nvs_storage.cpp}: {@code Storage::init}, {@code findItem}, {@code readItem},
 * {@code getItemDataSize}, {@code readMultiPageBlob}, {@code eraseMultiPageBlob}).
 *
 * <p>Start-up repairs (duplicates left by a power cut, an interrupted page reclaim, blob indexes that
 * disagree with their chunks, orphaned chunks) are applied in memory and reported as findings. Reads
 * then go the runtime's way, including the erasures a failed read makes.
 */
final class RuntimeStorage {
    /** A partition of fewer pages is read-only for nvs_flash (ESP-IDF 5.3 and later): no start-up repairs. */
    private static final int MIN_READ_WRITE_PAGES = 3;

    private static final int U8 = ItemType.U8.code();
    private static final int BLOB = ItemType.BLOB.code();
    private static final int BLOB_DATA = ItemType.BLOB_DATA.code();
    private static final int BLOB_IDX = ItemType.BLOB_IDX.code();
    private static final int VER_1_OFFSET = 0x80;

    /** A namespace entry: name (at most 15 bytes) and index, and where the entry is. */
    record Namespace(byte[] name, int index, long origin) {}

    /** An item and the page it is on. */
    record Located(RuntimePage page, int index, Item item) {}

    /** The value a read returned, or why it failed. */
    record Read(byte[] bytes, long integer, String failure) {
        static Read failed(String why) {
            return new Read(null, 0, why);
        }

        boolean ok() {
            return failure == null;
        }
    }

    /** A blob index as {@code Storage::init} collects them, with what its chunks add up to. */
    private static final class BlobIndex {
        final byte[] key;
        final int nsIndex;
        final int chunkStart;
        final int chunkCount;
        final long size;
        final long origin;
        long observedSize;
        long observedCount;

        BlobIndex(Item item, long origin) {
            this.key = item.lookupKey();
            this.nsIndex = item.nsIndex();
            this.chunkStart = item.blobIndexChunkStart();
            this.chunkCount = item.blobIndexChunkCount();
            this.size = item.blobIndexSize();
            this.origin = origin;
        }
    }

    private final Findings findings;
    private final boolean readOnly;
    /** Every page, in image order. */
    private final List<RuntimePage> physical = new ArrayList<>();
    /** Pages with items, in sequence order: the order every lookup visits them in. */
    private final List<RuntimePage> pages = new ArrayList<>();
    /** Pages free for writing (erased or corrupt), in image order. */
    private final Deque<RuntimePage> free = new ArrayDeque<>();

    private final List<Namespace> namespaces = new ArrayList<>();
    /**
     * For key lookups after start-up: the pages, in sequence order, whose hash lists hold a hash. A page
     * without the hash answers a key lookup with "not found" at once, so skipping it changes nothing;
     * it saves asking every page of a large partition for every key.
     */
    private final Map<Integer, List<RuntimePage>> pagesByHash = new HashMap<>();

    private final List<PageSummary> summaries = new ArrayList<>();
    private long nextSequence;

    private RuntimeStorage(Findings findings, boolean readOnly) {
        this.findings = findings;
        this.readOnly = readOnly;
    }

    /** Loads and initialises the partition in {@code source} as {@code nvs_flash_init} does. */
    static RuntimeStorage start(ImageSource source, Findings findings) {
        RuntimeStorage s = new RuntimeStorage(findings, source.pages < MIN_READ_WRITE_PAGES);
        s.loadPages(source);
        s.loadNamespaces();
        List<BlobIndex> indexes = s.collectBlobIndexes();
        s.eraseMismatchedBlobIndexes(indexes);
        s.eraseOrphanChunks(indexes);
        s.checkLiveItems();
        s.indexPagesByHash();
        return s;
    }

    List<PageSummary> summaries() {
        return List.copyOf(summaries);
    }

    /** The format version the image's pages carry: version 1 only when every page in use says so. */
    FormatVersion version() {
        boolean any = false;
        for (RuntimePage p : physical) {
            if (p.versionByte >= 0) {
                any = true;
                if (p.versionByte != FormatVersion.V1.headerByte()) {
                    return FormatVersion.V2;
                }
            }
        }
        return any ? FormatVersion.V1 : FormatVersion.V2;
    }

    // ---- PageManager::load ----

    private void loadPages(ImageSource source) {
        for (int n = 0; n < source.pages; n++) {
            RuntimePage p = RuntimePage.load(source, n, findings);
            physical.add(p);
            summaries.add(summary(p));
            if (p.inUse()) {
                int at = pages.size();
                for (int i = 0; i < pages.size(); i++) {
                    if (pages.get(i).sequence > p.sequence) {
                        at = i;
                        break;
                    }
                }
                pages.add(at, p);
            } else {
                free.addLast(p);
            }
        }
        checkSequenceNumbers();
        if (pages.isEmpty()) {
            nextSequence = 0;
            activatePage();
            return;
        }
        nextSequence = (pages.get(pages.size() - 1).sequence + 1) & 0xFFFF_FFFFL;
        if (readOnly) {
            return;
        }
        eraseDuplicateOfLastItem();
        finishInterruptedReclaim();
        if (free.isEmpty()) {
            findings.image(
                    Kind.NO_FREE_PAGE,
                    Severity.ERROR,
                    "no page is erased: nvs_flash_init fails with ESP_ERR_NVS_NO_FREE_PAGES (a read/write partition"
                            + " keeps one page free for reclaiming space)");
        }
    }

    private static PageSummary summary(RuntimePage p) {
        PageSummary.State state = switch (p.state) {
            case UNINITIALIZED -> PageSummary.State.EMPTY;
            case ACTIVE -> PageSummary.State.ACTIVE;
            case FULL -> PageSummary.State.FULL;
            case FREEING -> PageSummary.State.FREEING;
            default -> PageSummary.State.CORRUPT;
        };
        boolean inUse = p.inUse();
        return new PageSummary(
                p.number,
                state,
                inUse ? p.sequence : -1,
                inUse ? FormatVersion.fromHeaderByte(p.versionByte) : null,
                p.count(EntryState.WRITTEN),
                p.count(EntryState.ERASED) + p.count(EntryState.ILLEGAL),
                p.count(EntryState.EMPTY));
    }

    private void checkSequenceNumbers() {
        for (int i = 1; i < pages.size(); i++) {
            RuntimePage prev = pages.get(i - 1);
            RuntimePage p = pages.get(i);
            if (p.sequence == prev.sequence) {
                findings.page(
                        Kind.PAGE_SEQUENCE,
                        Severity.WARNING,
                        p.number,
                        PageHeader.SEQUENCE_OFFSET,
                        "sequence number " + p.sequence + " is also page " + prev.number
                                + "'s; nvs_flash orders the two by position");
            }
        }
    }

    /** Takes the first free page into use ({@code PageManager::activatePage}); false when there is none. */
    private boolean activatePage() {
        RuntimePage p = free.pollFirst();
        if (p == null) {
            return false;
        }
        if (p.state == PageState.CORRUPT) {
            p.eraseAll();
        }
        pages.add(p);
        p.sequence = nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF_FFFFL;
        return true;
    }

    /**
     * A power cut between writing an item and erasing its older copy leaves both. The runtime looks at
     * the last item of the newest page and erases an older copy of it from the other pages.
     */
    private void eraseDuplicateOfLastItem() {
        RuntimePage last = pages.get(pages.size() - 1);
        Found lastItem = null;
        int from = 0;
        while (true) {
            Found f = last.find(
                    RuntimePage.NS_ANY, RuntimePage.TYPE_ANY, null, from, RuntimePage.CHUNK_ANY, RuntimePage.VER_ANY);
            if (!f.found()) {
                break;
            }
            lastItem = f;
            from = f.index() + f.item().span();
        }
        if (lastItem == null) {
            return;
        }
        Item item = lastItem.item();
        if (!eraseOlderCopy(last, lastItem, item.typeCode()) && item.typeCode() == BLOB_IDX) {
            // The key's previous value may be a version 1 blob the runtime replaced by a version 2 one.
            eraseOlderCopy(last, lastItem, BLOB);
        }
    }

    private boolean eraseOlderCopy(RuntimePage last, Found newer, int typeCode) {
        Item item = newer.item();
        for (RuntimePage p : pages) {
            if (p == last) {
                break;
            }
            if (p.state == PageState.FREEING) {
                continue;
            }
            Found f = p.find(item.nsIndex(), typeCode, item.lookupKey(), 0, item.chunkIndex(), RuntimePage.VER_ANY);
            if (f.found()) {
                findings.entry(
                        Kind.DUPLICATE_KEY,
                        Severity.WARNING,
                        p.origin(f.index()),
                        0,
                        RuntimePage.describe(f.item()) + ": an older copy of the item at page " + last.number
                                + " entry " + newer.index()
                                + " (left by an interrupted update); nvs_flash erases it at start-up");
                p.erase(f.index());
                return true;
            }
        }
        return false;
    }

    /**
     * A FREEING page is one whose items were being moved to a new page when power was lost. The runtime
     * drops the partial copy (the newest page, if active), copies the items again and frees the page.
     */
    private void finishInterruptedReclaim() {
        for (RuntimePage p : pages) {
            if (p.state != PageState.FREEING) {
                continue;
            }
            RuntimePage newest = pages.get(pages.size() - 1);
            String dropped = "";
            if (newest.state == PageState.ACTIVE) {
                dropped = " after discarding the partial copy on page " + newest.number;
                newest.eraseAll();
                pages.remove(newest);
                free.addLast(newest);
            }
            findings.page(
                    Kind.FREEING_PAGE,
                    Severity.WARNING,
                    p.number,
                    0,
                    "the page was being reclaimed when power was lost; nvs_flash copies its items to a fresh page"
                            + dropped + " and erases it at start-up");
            if (!activatePage()) {
                findings.image(
                        Kind.NO_FREE_PAGE,
                        Severity.ERROR,
                        "no free page to finish the interrupted reclaim of page " + p.number
                                + ": nvs_flash_init fails with ESP_ERR_NVS_NOT_ENOUGH_SPACE");
                return;
            }
            p.copyItemsTo(pages.get(pages.size() - 1));
            p.eraseAll();
            pages.remove(p);
            free.addLast(p);
            return;
        }
    }

    // ---- Storage::init ----

    private void loadNamespaces() {
        Map<String, Namespace> byName = new HashMap<>();
        Map<Integer, Namespace> byIndex = new HashMap<>();
        for (RuntimePage p : pages) {
            int from = 0;
            while (true) {
                Found f = p.find(0, U8, null, from, RuntimePage.CHUNK_ANY, RuntimePage.VER_ANY);
                if (f.status() == RuntimePage.Status.TYPE_MISMATCH) {
                    findings.entry(
                            Kind.ENTRY_TYPE,
                            Severity.ERROR,
                            p.origin(f.index()),
                            Item.TYPE_OFFSET,
                            RuntimePage.describe(f.item())
                                    + ": an item in namespace 0, where only u8 namespace entries belong; nvs_flash"
                                    + " stops loading namespaces from this page here");
                }
                if (!f.found()) {
                    break;
                }
                Item item = f.item();
                Namespace ns = new Namespace(item.lookupKey(), (int) item.integer(1, false), p.origin(f.index()));
                namespaces.add(ns);
                checkNamespace(ns, byName, byIndex);
                from = f.index() + item.span();
            }
        }
    }

    private void checkNamespace(Namespace ns, Map<String, Namespace> byName, Map<Integer, Namespace> byIndex) {
        String name = new String(ns.name(), StandardCharsets.ISO_8859_1);
        String shown = new String(ns.name(), StandardCharsets.UTF_8);
        if (ns.index() == 0 || ns.index() == 0xFF) {
            findings.entry(
                    Kind.NAMESPACE_INDEX,
                    Severity.ERROR,
                    ns.origin(),
                    Item.DATA_OFFSET,
                    "namespace '" + shown + "' has index " + ns.index() + ", which nvs_flash reserves");
        }
        Namespace sameName = byName.putIfAbsent(name, ns);
        if (sameName != null) {
            findings.entry(
                    Kind.NAMESPACE_DUPLICATE,
                    Severity.ERROR,
                    ns.origin(),
                    Item.KEY_OFFSET,
                    "namespace '" + shown + "' (index " + ns.index()
                            + ") is defined again; nvs_flash opens it as index " + sameName.index() + ", defined at "
                            + where(sameName.origin()));
        }
        Namespace sameIndex = byIndex.putIfAbsent(ns.index(), ns);
        if (sameIndex != null && sameName == null) {
            findings.entry(
                    Kind.NAMESPACE_DUPLICATE,
                    Severity.ERROR,
                    ns.origin(),
                    Item.DATA_OFFSET,
                    "namespace '" + shown + "' gets index " + ns.index() + ", which namespace '"
                            + new String(sameIndex.name(), StandardCharsets.UTF_8) + "' already has ("
                            + where(sameIndex.origin()) + ")");
        }
    }

    private List<BlobIndex> collectBlobIndexes() {
        List<BlobIndex> indexes = new ArrayList<>();
        for (RuntimePage p : pages) {
            int from = 0;
            while (true) {
                Found f = p.find(RuntimePage.NS_ANY, BLOB_IDX, null, from, RuntimePage.CHUNK_ANY, RuntimePage.VER_ANY);
                if (!f.found()) {
                    break;
                }
                indexes.add(new BlobIndex(f.item(), p.origin(f.index())));
                from = f.index() + f.item().span();
            }
        }
        return indexes;
    }

    /** The blob indexes of each namespace and key, in the order {@code Storage::init} lists them. */
    private static Map<String, List<BlobIndex>> byKey(List<BlobIndex> indexes) {
        Map<String, List<BlobIndex>> out = new HashMap<>();
        for (BlobIndex idx : indexes) {
            out.computeIfAbsent(blobKey(idx.nsIndex, idx.key), k -> new ArrayList<>())
                    .add(idx);
        }
        return out;
    }

    private static String blobKey(int nsIndex, byte[] key) {
        return nsIndex + "/" + new String(key, StandardCharsets.ISO_8859_1);
    }

    /** Chunks of a blob carry chunk numbers from the index's start: 0 to 127 for version 0, 128 to 254 for version 1. */
    private void eraseMismatchedBlobIndexes(List<BlobIndex> indexes) {
        Map<String, List<BlobIndex>> byKey = byKey(indexes);
        forEachChunk((p, f) -> {
            Item c = f.item();
            for (BlobIndex idx : byKey.getOrDefault(blobKey(c.nsIndex(), c.lookupKey()), List.of())) {
                int limit = idx.chunkStart == 0 ? VER_1_OFFSET : RuntimePage.VER_ANY;
                if (c.chunkIndex() >= idx.chunkStart && c.chunkIndex() < limit) {
                    idx.observedSize += c.varLengthSize();
                    idx.observedCount++;
                    break;
                }
            }
        });
        for (var it = indexes.iterator(); it.hasNext(); ) {
            BlobIndex idx = it.next();
            if (idx.observedSize == idx.size && idx.observedCount == idx.chunkCount) {
                continue;
            }
            findings.entry(
                    Kind.BLOB_INDEX_MISMATCH,
                    Severity.ERROR,
                    idx.origin,
                    Item.IDX_SIZE_OFFSET,
                    "blob index '" + new String(idx.key, StandardCharsets.UTF_8) + "' (namespace index " + idx.nsIndex
                            + ") names " + idx.chunkCount + " chunks of " + idx.size + " bytes in all, but its chunks"
                            + " (from number " + idx.chunkStart + ") are " + idx.observedCount + " of "
                            + idx.observedSize + " bytes; nvs_flash erases the index and the blob is lost");
            for (RuntimePage p : pages) {
                if (p.eraseItem(idx.nsIndex, BLOB_IDX, idx.key, RuntimePage.CHUNK_ANY, idx.chunkStart)
                        == RuntimePage.Status.FOUND) {
                    break;
                }
            }
            it.remove();
        }
    }

    private void eraseOrphanChunks(List<BlobIndex> indexes) {
        Map<String, List<BlobIndex>> byKey = byKey(indexes);
        forEachChunk((p, f) -> {
            Item c = f.item();
            for (BlobIndex idx : byKey.getOrDefault(blobKey(c.nsIndex(), c.lookupKey()), List.of())) {
                if (c.chunkIndex() >= idx.chunkStart && c.chunkIndex() < idx.chunkStart + idx.chunkCount) {
                    return;
                }
            }
            findings.entry(
                    Kind.BLOB_ORPHAN_CHUNK,
                    Severity.WARNING,
                    p.origin(f.index()),
                    Item.CHUNK_INDEX_OFFSET,
                    RuntimePage.describe(c)
                            + ": no blob index claims the chunk (left by an interrupted write, or its index is lost);"
                            + " nvs_flash erases it at start-up");
            p.eraseItem(c.nsIndex(), BLOB_DATA, c.lookupKey(), c.chunkIndex(), RuntimePage.VER_ANY);
        });
    }

    interface ItemVisitor {
        void visit(RuntimePage page, Found found);
    }

    private void forEachChunk(ItemVisitor visitor) {
        for (RuntimePage p : pages) {
            int from = 0;
            while (true) {
                Found f = p.find(RuntimePage.NS_ANY, BLOB_DATA, null, from, RuntimePage.CHUNK_ANY, RuntimePage.VER_ANY);
                if (!f.found()) {
                    break;
                }
                visitor.visit(p, f);
                from = f.index() + f.item().span();
            }
        }
    }

    /** Every live item in the order nvs_flash's iterator visits them. */
    void forEachItem(ItemVisitor visitor) {
        for (RuntimePage p : pages) {
            int from = 0;
            while (true) {
                Found f = p.find(
                        RuntimePage.NS_ANY,
                        RuntimePage.TYPE_ANY,
                        null,
                        from,
                        RuntimePage.CHUNK_ANY,
                        RuntimePage.VER_ANY);
                if (!f.found()) {
                    break;
                }
                visitor.visit(p, f);
                from = f.index() + f.item().span();
            }
        }
    }

    /** Keys stored twice, and items in namespaces nobody defined: what start-up leaves standing. */
    private void checkLiveItems() {
        Map<String, Located> seen = new HashMap<>();
        forEachItem((p, f) -> {
            Item item = f.item();
            if (item.nsIndex() == 0) {
                return;
            }
            long at = p.origin(f.index());
            if (namespaceName(item.nsIndex()) == null) {
                findings.entry(
                        Kind.NAMESPACE_UNDEFINED,
                        Severity.ERROR,
                        at,
                        0,
                        RuntimePage.describe(item) + ": no namespace entry defines index " + item.nsIndex()
                                + ", so nvs_flash cannot reach the item");
            }
            boolean chunk = item.typeCode() == BLOB_DATA;
            String id = item.nsIndex() + "/" + new String(item.lookupKey(), StandardCharsets.ISO_8859_1)
                    + (chunk ? "#" + item.chunkIndex() : "");
            Located earlier = seen.putIfAbsent(id, new Located(p, f.index(), item));
            if (earlier == null) {
                return;
            }
            int a = earlier.item().typeCode();
            int b = item.typeCode();
            if ((a == BLOB && b == BLOB_IDX) || (a == BLOB_IDX && b == BLOB)) {
                Located v1 = a == BLOB ? earlier : new Located(p, f.index(), item);
                findings.entry(
                        Kind.BLOB_SHADOWED,
                        Severity.WARNING,
                        v1.page().origin(v1.index()),
                        Item.TYPE_OFFSET,
                        RuntimePage.describe(v1.item()) + ": a version 2 blob of the same key replaces it;"
                                + " nvs_flash reads that one");
            } else {
                findings.entry(
                        Kind.DUPLICATE_KEY,
                        Severity.ERROR,
                        at,
                        0,
                        RuntimePage.describe(item) + ": the key is stored again, as "
                                + RuntimePage.describe(earlier.item()) + " at "
                                + where(earlier.page().origin(earlier.index()))
                                + "; nvs_flash lists both and looks up the first");
            }
        });
    }

    private static String where(long offset) {
        int page = (int) (offset / Page.SIZE);
        int slot = (int) ((offset % Page.SIZE - Page.FIRST_ENTRY_OFFSET) / Page.ENTRY_SIZE);
        return "page " + page + " entry " + slot;
    }

    // ---- namespaces ----

    /** The name of the first namespace with {@code index}, as the iterator reports it; null when none. */
    byte[] namespaceName(int index) {
        for (Namespace ns : namespaces) {
            if (ns.index() == index) {
                return ns.name();
            }
        }
        return null;
    }

    /** The index {@code nvs_open} gives the namespace called {@code name}: the first such entry's. */
    int namespaceIndex(byte[] name) {
        for (Namespace ns : namespaces) {
            if (Arrays.equals(ns.name(), name)) {
                return ns.index();
            }
        }
        return -1;
    }

    // ---- reads, as nvs_get_* makes them ----

    private void indexPagesByHash() {
        for (RuntimePage p : pages) {
            for (int hash : p.hashes()) {
                pagesByHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(p);
            }
        }
    }

    /**
     * The first item matching across pages in sequence order ({@code Storage::findItem}), or null. When
     * the runtime looks the item up by hash (a namespace, a key and, for a blob chunk, its number), only
     * pages holding the hash can answer.
     */
    private Located find(int nsIndex, int typeCode, byte[] key, int chunkIndex) {
        boolean byHash =
                nsIndex != RuntimePage.NS_ANY && (typeCode != BLOB_DATA || chunkIndex != RuntimePage.CHUNK_ANY);
        List<RuntimePage> candidates =
                byHash ? pagesByHash.getOrDefault(Item.lookupHash24(nsIndex, key, chunkIndex), List.of()) : pages;
        for (RuntimePage p : candidates) {
            Found f = p.find(nsIndex, typeCode, key, 0, chunkIndex, RuntimePage.VER_ANY);
            if (f.found()) {
                return new Located(p, f.index(), f.item());
            }
        }
        return null;
    }

    /** {@code nvs_get_u8} … {@code nvs_get_i64}, {@code nvs_get_float}, {@code nvs_get_double}: the data field's bits. */
    Read readNumber(int nsIndex, ItemType type, byte[] key) {
        Located at = find(nsIndex, type.code(), key, RuntimePage.CHUNK_ANY);
        if (at == null) {
            return Read.failed("no " + type.name().toLowerCase(Locale.ROOT) + " item of that key is found");
        }
        return new Read(
                null,
                at.item().integer(type.valueType().width(), type.valueType().isSigned()),
                null);
    }

    /** {@code nvs_get_str}: the stored bytes, terminating NUL included. */
    Read readString(int nsIndex, byte[] key) {
        Located at = find(nsIndex, ItemType.SZ.code(), key, RuntimePage.CHUNK_ANY);
        if (at == null) {
            return Read.failed("no string item of that key is found");
        }
        return readPayload(at);
    }

    /** The payload of a variable-length item; a CRC mismatch erases the item, as the runtime does. */
    private Read readPayload(Located at) {
        byte[] data = at.page().payload(at.index(), at.item());
        if (Crc32.compute(data) != at.item().varLengthDataCrc()) {
            at.page().erase(at.index());
            return Read.failed("its payload does not match its CRC");
        }
        return new Read(data, 0, null);
    }

    /** {@code nvs_get_blob}: a version 2 blob if there is one, else a version 1 blob. */
    Read readBlob(int nsIndex, byte[] key) {
        long size;
        Located index = find(nsIndex, BLOB_IDX, key, RuntimePage.CHUNK_ANY);
        if (index != null) {
            size = index.item().blobIndexSize();
        } else {
            Located v1 = find(nsIndex, BLOB, key, RuntimePage.CHUNK_ANY);
            if (v1 == null) {
                return Read.failed("no blob of that key is found");
            }
            size = v1.item().varLengthSize();
        }
        Read multi = readChunkedBlob(nsIndex, key, size);
        if (multi != null) {
            return multi;
        }
        Located v1 = find(nsIndex, BLOB, key, RuntimePage.CHUNK_ANY);
        if (v1 == null) {
            return Read.failed("its chunks cannot be read and no version 1 blob of that key is found");
        }
        if (size < v1.item().varLengthSize()) {
            return Read.failed("its version 1 blob is larger than its blob index says");
        }
        return readPayload(v1);
    }

    /**
     * A version 2 blob, chunk by chunk ({@code Storage::readMultiPageBlob}); null where the runtime goes
     * on to look for a version 1 blob (no index, or a chunk whose payload fails its CRC).
     */
    private Read readChunkedBlob(int nsIndex, byte[] key, long size) {
        Located index = find(nsIndex, BLOB_IDX, key, RuntimePage.CHUNK_ANY);
        if (index == null) {
            return null;
        }
        int count = index.item().blobIndexChunkCount();
        int start = index.item().blobIndexChunkStart();
        if (size != index.item().blobIndexSize()) {
            return Read.failed("its size changed while it was read");
        }
        // Bounded: a blob index names at most Item.MAX_BLOB_INDEX_SIZE bytes, or the runtime discards it.
        byte[] data = new byte[(int) size];
        int offset = 0;
        boolean missing = false;
        boolean tooLong = false;
        for (int n = 0; n < count; n++) {
            Located chunk = find(nsIndex, BLOB_DATA, key, (start + n) & 0xFF);
            if (chunk == null) {
                missing = true;
                break;
            }
            int chunkSize = chunk.item().varLengthSize();
            if (chunkSize > size - offset) {
                tooLong = true;
                break;
            }
            Read part = readPayload(chunk);
            if (!part.ok()) {
                return null;
            }
            if (start + n != chunk.item().chunkIndex()) {
                return Read.failed("its chunk numbers run past 255");
            }
            System.arraycopy(part.bytes(), 0, data, offset, chunkSize);
            offset += chunkSize;
        }
        if (missing || tooLong) {
            eraseChunkedBlob(nsIndex, key);
        }
        if (offset != size) {
            return Read.failed("its chunks hold " + offset + " of the " + size + " bytes its index names");
        }
        if (tooLong) {
            return Read.failed("its chunks hold more than the " + size + " bytes its index names");
        }
        // With every byte read, a missing further chunk sends the runtime on to look for a version 1 blob.
        return missing ? null : new Read(data, 0, null);
    }

    /** Erases a version 2 blob: every index and every chunk of the key ({@code eraseMultiPageBlob}, VER_ANY). */
    private void eraseChunkedBlob(int nsIndex, byte[] key) {
        Located index = find(nsIndex, BLOB_IDX, key, RuntimePage.CHUNK_ANY);
        if (index == null) {
            return;
        }
        index.page().erase(index.index());
        Located another = find(nsIndex, BLOB_IDX, key, RuntimePage.CHUNK_ANY);
        if (another != null) {
            another.page().erase(another.index());
        }
        for (RuntimePage p : pages) {
            int from = 0;
            while (from < Page.ENTRY_COUNT) {
                Found f = p.find(nsIndex, BLOB_DATA, key, from, RuntimePage.CHUNK_ANY, RuntimePage.VER_ANY);
                if (!f.found()) {
                    break;
                }
                p.erase(f.index());
                from = f.index() + f.item().span();
            }
        }
    }
}
