package dev.nvsgen.nvs.internal;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsType;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.util.Crc32;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lays items out on pages exactly as ESP-IDF's {@code nvs_partition_gen} does. One writer makes one image.
 *
 * <p>Placement, in the reference's terms: items are appended in order and a page never has gaps.
 * Integers and namespace definitions take the next slot, or open a new page when none is left. A
 * string or version 1 blob is kept on one page and must end before the page's last slot, else it
 * opens a new page. A version 2 blob starts on the current page unless it is full; each chunk takes
 * as much data as fits after its header (possibly none), and its index follows the last chunk. Opening
 * a page marks the previous one FULL.
 */
public final class ImageWriter {
    /** The largest string or v1 blob payload: 124 entries, as the item may not reach slot 125. */
    public static final int MAX_SINGLE_PAGE_PAYLOAD = (Page.ENTRY_COUNT - 2) * Page.ENTRY_SIZE;

    private static final int MAX_CHUNKS = 255;

    private final FormatVersion version;
    private final PartitionSize size;
    private byte[] pages;
    private int pageCount;
    private int slot;

    /** Where the first item that did not fit the partition was, for the error message. */
    private String overflowAt;

    public ImageWriter(FormatVersion version, PartitionSize size) {
        this.version = version;
        this.size = size;
        // A read/write image is the whole partition: lay it out in its final buffer, which finish() then
        // hands over without a copy. A read-only image is cut to its data pages at the end.
        this.pages = new byte[size.isReadOnly() ? Page.SIZE : size.bytes()];
        Arrays.fill(pages, (byte) 0xFF);
        openPage();
    }

    public void writeNamespace(String name, int index) {
        writeNumber(0, name, NvsType.U8, index, name);
    }

    public void writeEntry(int nsIndex, String namespace, String key, NvsValue value) {
        String where = namespace + "/" + key;
        if (value instanceof NvsValue.IntValue i) {
            writeNumber(nsIndex, key, i.type(), i.value(), where);
        } else if (value instanceof NvsValue.FloatValue f) {
            writeNumber(nsIndex, key, NvsType.FLOAT, f.bits(), where);
        } else if (value instanceof NvsValue.DoubleValue d) {
            writeNumber(nsIndex, key, NvsType.DOUBLE, d.bits(), where);
        } else if (value instanceof NvsValue.StringValue s) {
            writeSinglePage(nsIndex, ItemType.SZ, key, s.utf8().toByteArray(), true, where);
        } else if (version == FormatVersion.V1) {
            writeSinglePage(
                    nsIndex,
                    ItemType.BLOB,
                    key,
                    ((NvsValue.BlobValue) value).data().toByteArray(),
                    false,
                    where);
        } else {
            writeChunkedBlob(nsIndex, key, ((NvsValue.BlobValue) value).data().toByteArray(), where);
        }
    }

    /** An integer or floating-point value: one item, placed as the reference places integers. */
    private void writeNumber(int nsIndex, String key, NvsType type, long bits, String where) {
        if (slot >= Page.ENTRY_COUNT) {
            openPage(where);
        }
        putItem(Item.integer(nsIndex, ItemType.forNumber(type), keyBytes(key), bits));
    }

    private void writeSinglePage(
            int nsIndex, ItemType type, String key, byte[] data, boolean nulTerminated, String where) {
        byte[] payload = nulTerminated ? Arrays.copyOf(data, data.length + 1) : data;
        int span = 1 + Page.entriesFor(payload.length);
        if (span >= Page.ENTRY_COUNT) {
            throw new NvsInputException(where + ": " + payload.length + " bytes do not fit one page (at most "
                    + MAX_SINGLE_PAGE_PAYLOAD + ")");
        }
        // The reference refuses to let such an item end in the page's last slot.
        if (slot + span >= Page.ENTRY_COUNT) {
            openPage(where);
        }
        putItem(Item.variableLength(
                nsIndex, type, Item.CHUNK_ANY, keyBytes(key), payload.length, Crc32.compute(payload)));
        putPayload(payload, 0, payload.length);
    }

    private void writeChunkedBlob(int nsIndex, String key, byte[] data, String where) {
        if (slot >= Page.ENTRY_COUNT) {
            openPage(where);
        }
        byte[] keyBytes = keyBytes(key);
        int offset = 0;
        int chunks = 0;
        while (true) {
            int tailroom = (Page.ENTRY_COUNT - slot - 1) * Page.ENTRY_SIZE;
            int chunk = Math.min(tailroom, data.length - offset);
            if (chunks == MAX_CHUNKS) {
                throw new NvsInputException(
                        where + ": a blob of " + data.length + " bytes needs more than " + MAX_CHUNKS + " chunks");
            }
            putItem(Item.variableLength(
                    nsIndex, ItemType.BLOB_DATA, chunks, keyBytes, chunk, Crc32.compute(data, offset, chunk)));
            putPayload(data, offset, chunk);
            chunks++;
            offset += chunk;
            boolean remaining = offset < data.length;
            // A new page follows a chunk that leaves data over or leaves no whole slot free.
            if (remaining || tailroom - chunk < Page.ENTRY_SIZE) {
                openPage(where);
            }
            if (!remaining) {
                putItem(Item.blobIndex(nsIndex, keyBytes, data.length, chunks, 0));
                return;
            }
        }
    }

    private void putItem(Item item) {
        int page = (pageCount - 1) * Page.SIZE;
        item.writeTo(pages, page + Page.entryOffset(slot));
        EntryStateBitmap.markWritten(pages, page, slot);
        slot++;
    }

    private void putPayload(byte[] data, int offset, int length) {
        int page = (pageCount - 1) * Page.SIZE;
        System.arraycopy(data, offset, pages, page + Page.entryOffset(slot), length);
        for (int n = Page.entriesFor(length); n > 0; n--) {
            EntryStateBitmap.markWritten(pages, page, slot);
            slot++;
        }
    }

    private void openPage(String where) {
        if (overflowAt == null && pageCount >= size.usablePages()) {
            overflowAt = where;
        }
        openPage();
    }

    private void openPage() {
        if (pageCount > 0) {
            PageHeader.writeState(pages, (pageCount - 1) * Page.SIZE, PageState.FULL);
        }
        int needed = (pageCount + 1) * Page.SIZE;
        if (needed > pages.length) {
            // Past the partition (finish() reports the overflow) or a growing read-only image.
            int old = pages.length;
            pages = Arrays.copyOf(pages, Math.max(needed, old * 2));
            Arrays.fill(pages, old, pages.length, (byte) 0xFF);
        }
        int start = pageCount * Page.SIZE;
        PageHeader.write(pages, start, PageState.ACTIVE, pageCount, version.headerByte());
        pageCount++;
        slot = 0;
    }

    /**
     * The finished image: data pages, then erased (0xFF) pages up to the partition size; a read-only
     * partition's image ends after its last data page.
     */
    public byte[] finish() {
        if (pageCount > size.usablePages()) {
            throw new NvsInputException("data does not fit: it needs " + pageCount + " pages but a " + size
                    + " partition has " + size.usablePages() + " usable"
                    + (size.isReadOnly() ? "" : " (its last page is kept free)")
                    + "; the first entry that does not fit is "
                    + overflowAt + "; a partition of at least " + requiredSize() + " would hold it all");
        }
        int length = size.isReadOnly() ? pageCount * Page.SIZE : size.bytes();
        // Pages past pageCount were never opened, so they are still erased (0xFF).
        return pages.length == length ? pages : Arrays.copyOf(pages, length);
    }

    private String requiredSize() {
        return "0x" + Integer.toHexString(Math.max(PartitionSize.MIN_READ_WRITE, (pageCount + 1) * Page.SIZE));
    }

    private static byte[] keyBytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
