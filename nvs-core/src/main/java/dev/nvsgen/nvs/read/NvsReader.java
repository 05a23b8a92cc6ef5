package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageHeader;
import dev.nvsgen.nvs.internal.PageState;
import dev.nvsgen.nvs.read.Finding.Kind;
import dev.nvsgen.nvs.read.Finding.Severity;
import dev.nvsgen.nvs.read.RuntimeStorage.Read;
import dev.nvsgen.nvs.util.LittleEndian;
import dev.nvsgen.nvs.util.Utf8Text;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an NVS partition image: any image ESP-IDF's nvs_flash can produce on a device or nvs_partition_gen
 * can generate, pages in any order, in any state, plain or encrypted.
 *
 * <p>The entries are exactly those nvs_flash reads back after {@code nvs_flash_init} on the image: the
 * newest copy of a key written again, blobs reassembled from their chunks, damaged items left out. The
 * reader never changes the image, never fails on its contents (damage becomes {@link Finding}s), and
 * does work and allocation bounded by the image's size.
 *
 * <pre>{@code
 * NvsImage image = NvsReader.read(Files.readAllBytes(Path.of("nvs.bin")));
 * image.entries().forEach(System.out::println);
 * image.findings().forEach(System.out::println);
 * }</pre>
 */
public final class NvsReader {
    private NvsReader() {}

    /**
     * True when a file of {@code size} bytes whose first bytes are {@code head} (up to one 4096-byte page)
     * looks like an NVS partition image: whole pages, the first one erased or starting with a page header
     * as nvs_flash writes it (a known state and, for a used page, a matching CRC). For tools deciding
     * whether a file in the way of an output may be replaced; reads nothing else.
     */
    public static boolean looksLikeImage(byte[] head, long size) {
        if (size % Page.SIZE != 0 || head.length != Page.SIZE) {
            return false;
        }
        PageHeader h = PageHeader.parse(head, Page.HEADER_OFFSET);
        PageState state = h.state();
        boolean written = state == PageState.ACTIVE
                || state == PageState.FULL
                || state == PageState.FREEING
                || state == PageState.CORRUPT;
        if (written) {
            return h.crc() == PageHeader.computeCrc(head, Page.HEADER_OFFSET);
        }
        for (byte b : head) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Reads a plaintext image. */
    public static NvsImage read(byte[] image) {
        return read(image, null);
    }

    /**
     * Reads an image whose entries are encrypted with {@code cipher}; a null cipher reads a plaintext one.
     *
     * @throws NvsFormatException when the image is shorter than one page, or when {@code cipher} decrypts no
     *     entry into a valid item (a keys file that does not belong to the image)
     */
    public static NvsImage read(byte[] image, EntryCipher cipher) {
        Objects.requireNonNull(image, "image");
        if (image.length < Page.SIZE) {
            throw new NvsFormatException(
                    "the image is " + image.length + " bytes; an NVS partition is at least one page of 4096 bytes");
        }
        Findings findings = new Findings();
        if (image.length % Page.SIZE != 0) {
            findings.image(
                    Kind.IMAGE_SIZE,
                    Severity.ERROR,
                    "the image is " + image.length + " bytes, not a whole number of 4096-byte pages; its last "
                            + image.length % Page.SIZE + " bytes are not read");
        }
        ImageSource source = new ImageSource(image, cipher);
        checkDecryption(source, findings);
        RuntimeStorage storage = RuntimeStorage.start(source, findings);
        List<NvsImage.Row> rows = new EntryCollector(storage, findings).collect();
        return new NvsImage(storage.version(), rows, storage.summaries(), findings.sorted());
    }

    /**
     * A wrong key turns every entry into noise, which would otherwise read as an empty partition with a
     * thousand findings. Counted over the written entries of pages with a valid header.
     */
    private static void checkDecryption(ImageSource source, Findings findings) {
        byte[] img = source.image;
        int written = 0;
        int plainItems = 0;
        int decryptedItems = 0;
        byte[] entry = new byte[Page.ENTRY_SIZE];
        for (int page = 0; page < source.pages; page++) {
            int base = page * Page.SIZE;
            PageState state = PageState.fromCode(LittleEndian.i32(img, base));
            boolean inUse = state == PageState.ACTIVE || state == PageState.FULL || state == PageState.FREEING;
            if (!inUse || PageHeader.parse(img, base).crc() != PageHeader.computeCrc(img, base)) {
                continue;
            }
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                if (EntryStateBitmap.state(img, base, slot) != EntryState.WRITTEN) {
                    continue;
                }
                written++;
                int off = base + Page.entryOffset(slot);
                plainItems += Item.parse(img, off).defect(slot) == null ? 1 : 0;
                if (source.cipher != null) {
                    source.readEntry(off, entry, 0);
                    decryptedItems += Item.parse(entry, 0).defect(slot) == null ? 1 : 0;
                }
            }
        }
        if (written == 0) {
            return;
        }
        if (source.cipher != null && decryptedItems == 0) {
            throw new NvsFormatException(
                    plainItems > 0
                            ? "the image is not encrypted: its entries read as plain NVS items; read it without keys"
                            : "none of the image's " + written
                                    + " written entries decrypts to a valid NVS item: the keys do not belong to this"
                                    + " image");
        }
        if (source.cipher == null && plainItems == 0) {
            findings.image(
                    Kind.NOT_DECRYPTED,
                    Severity.ERROR,
                    "none of the " + written + " written entries is a valid NVS item; if the image is encrypted,"
                            + " read it with its keys");
        }
    }

    /** Walks the live items in nvs_flash's order and reads each listed key back as nvs_get_* would. */
    private static final class EntryCollector {
        private final RuntimeStorage storage;
        private final Findings findings;
        private final List<NvsImage.Row> rows = new ArrayList<>();
        private final Set<String> namespacesSeen = new HashSet<>();
        private final Set<String> keysSeen = new HashSet<>();

        EntryCollector(RuntimeStorage storage, Findings findings) {
            this.storage = storage;
            this.findings = findings;
        }

        List<NvsImage.Row> collect() {
            storage.forEachItem((page, found) -> visit(page.origin(found.index()), found.item()));
            return rows;
        }

        private void visit(long at, Item item) {
            ItemType type = ItemType.fromCode(item.typeCode());
            if (item.nsIndex() == 0) {
                if (type == ItemType.U8) {
                    String name = text(item.lookupKey(), at);
                    if (name != null && namespacesSeen.add(name)) {
                        rows.add(new NvsImage.Row(name, null));
                    }
                }
                return;
            }
            boolean listed = type != ItemType.BLOB
                    && type != ItemType.BLOB_IDX
                    && (type != ItemType.BLOB_DATA || item.chunkIndex() == 0 || item.chunkIndex() == 0x80);
            if (!listed && type != ItemType.BLOB) {
                return;
            }
            byte[] nsName = storage.namespaceName(item.nsIndex());
            if (nsName == null) {
                return; // reported by the storage's checks
            }
            String namespace = text(nsName, at);
            String key = text(item.lookupKey(), at);
            if (namespace == null || key == null) {
                return;
            }
            int handle = storage.namespaceIndex(nsName);
            byte[] k = item.lookupKey();
            NvsValue value;
            Read r;
            if (type.isNumber()) {
                r = storage.readNumber(handle, type, k);
                value = r.ok() ? number(type, r.integer()) : null;
            } else if (type == ItemType.SZ) {
                r = storage.readString(handle, k);
                value = r.ok() ? new NvsValue.StringValue(withoutNul(r.bytes())) : null;
            } else {
                r = storage.readBlob(handle, k);
                value = r.ok() ? NvsValue.blob(Bytes.of(r.bytes())) : null;
            }
            if (value == null) {
                findings.entry(
                        Kind.VALUE_UNREADABLE,
                        Severity.ERROR,
                        at,
                        0,
                        RuntimePage.describe(item) + ": nvs_flash lists the key, but reading it fails: " + r.failure());
                return;
            }
            if (keysSeen.add(namespace + "\0" + key + "\0" + value.type())) {
                rows.add(new NvsImage.Row(null, new NvsEntry(namespace, key, value)));
            }
        }

        /** An integer, float or double from the bits {@code nvs_get_*} copies out of the data field. */
        private static NvsValue number(ItemType type, long bits) {
            return switch (type) {
                case FLOAT -> NvsValue.f32Bits((int) bits);
                case DOUBLE -> NvsValue.f64Bits(bits);
                default -> new NvsValue.IntValue(type.valueType(), bits);
            };
        }

        /** The stored string without its terminating NUL. */
        private static Bytes withoutNul(byte[] stored) {
            int n = stored.length > 0 && stored[stored.length - 1] == 0 ? stored.length - 1 : stored.length;
            return Bytes.of(Arrays.copyOf(stored, n));
        }

        /** A key or namespace name as text; null, with a finding, when it is empty or not UTF-8. */
        private String text(byte[] name, long at) {
            if (name.length == 0) {
                findings.entry(Kind.ENTRY_KEY, Severity.ERROR, at, 8, "the key is empty; nvsgen cannot represent it");
                return null;
            }
            try {
                return Utf8Text.decode(name);
            } catch (CharacterCodingException e) {
                findings.entry(
                        Kind.ENTRY_KEY,
                        Severity.WARNING,
                        at,
                        8,
                        "the name " + Bytes.of(name).hex() + " (hex) is not UTF-8; nvsgen leaves the entry out");
                return null;
            }
        }
    }
}
