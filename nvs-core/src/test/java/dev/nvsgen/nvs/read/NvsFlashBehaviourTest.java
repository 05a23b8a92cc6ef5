package dev.nvsgen.nvs.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageState;
import dev.nvsgen.nvs.read.Finding.Kind;
import dev.nvsgen.nvs.read.Finding.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How nvs_flash resolves what devices leave on flash (ESP-IDF nvs_page.cpp, nvs_pagemanager.cpp,
 * nvs_storage.cpp), one situation per test, on images built slot by slot.
 */
class NvsFlashBehaviourTest {

    private static String entries(NvsImage image) {
        return image.entries().stream().map(DeviceImagesTest::row).collect(Collectors.joining("; "));
    }

    private static Finding only(NvsImage image, Kind kind) {
        List<Finding> f =
                image.findings().stream().filter(x -> x.kind() == kind).toList();
        assertEquals(1, f.size(), () -> kind + " once in " + image.findings());
        return f.get(0);
    }

    private static void assertAt(Finding f, int page, int slot) {
        assertEquals(page, f.page(), f::toString);
        assertEquals(slot, f.slot(), f::toString);
    }

    @Test
    void pagesAreVisitedInSequenceOrderNotImageOrder() {
        FlashImage img = new FlashImage(4);
        img.page(0, PageState.ACTIVE, 9);
        img.u8(0, 0, 1, "late", 3);
        img.page(2, PageState.FULL, 4);
        int s = img.namespace(2, 0, "app", 1);
        img.u8(2, s, 1, "early", 1);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | early | u8 | 1; app | late | u8 | 3", entries(read));
        assertTrue(read.isSound(), read.findings()::toString);
        assertEquals(PageSummary.State.EMPTY, read.pages().get(1).state());
        assertEquals(9, read.pages().get(0).sequence());
    }

    @Test
    void keyWrittenAgainOnTheNewestPageReplacesTheOlderCopy() {
        // Power was lost after the new value was written, before the old one was erased.
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.FULL, 0);
        int s = img.namespace(0, 0, "app", 1);
        img.u8(0, s, 1, "count", 1);
        img.page(1, PageState.ACTIVE, 1);
        s = img.u8(1, 0, 1, "other", 7);
        img.u8(1, s, 1, "count", 2);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | other | u8 | 7; app | count | u8 | 2", entries(read));
        Finding f = only(read, Kind.DUPLICATE_KEY);
        assertAt(f, 0, 1);
        assertEquals(Severity.WARNING, f.severity());
    }

    @Test
    void aKeyStoredTwiceOnFullPagesReadsAsTheOlderCopy() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.FULL, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, "count", 1);
        img.u8(0, s, 1, "count", 2);
        img.page(1, PageState.ACTIVE, 1);
        img.u8(1, 0, 1, "last", 0);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | count | u8 | 1; app | last | u8 | 0", entries(read));
        Finding f = only(read, Kind.DUPLICATE_KEY);
        assertAt(f, 0, 2);
        assertEquals(Severity.ERROR, f.severity());
    }

    @Test
    void onTheActivePageTheNewerCopyWins() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.string(0, s, 1, "name", "old");
        s = img.u8(0, s, 1, "x", 5);
        img.string(0, s, 1, "name", "new");
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | x | u8 | 5; app | name | string | new", entries(read));
        assertAt(only(read, Kind.DUPLICATE_KEY), 0, 1);
    }

    @Test
    void aKeyKeptWithTwoTypesIsListedTwiceButReadsOnlyAsTheFirst() {
        // ESP-IDF before 5.5 did not erase the old value when a key was set with another type.
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.FULL, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, "mode", 1);
        img.string(0, s, 1, "mode", "fast");
        img.page(1, PageState.ACTIVE, 1);
        img.u8(1, 0, 1, "z", 0);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | mode | u8 | 1; app | z | u8 | 0", entries(read));
        assertAt(only(read, Kind.DUPLICATE_KEY), 0, 2);
        assertAt(only(read, Kind.VALUE_UNREADABLE), 0, 2);
    }

    @Test
    void erasedEntriesAndErasedPagesAreSkipped() {
        FlashImage img = new FlashImage(4);
        img.page(1, PageState.FULL, 3);
        int s = img.namespace(1, 0, "app", 1);
        int gone = s;
        s = img.string(1, s, 1, "gone", "erased long ago");
        for (int i = gone; i < s; i++) {
            img.state(1, i, EntryState.ERASED);
        }
        img.u8(1, s, 1, "kept", 1);
        img.page(3, PageState.ACTIVE, 4);
        img.u8(3, 0, 1, "b", 2);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | kept | u8 | 1; app | b | u8 | 2", entries(read));
        assertTrue(read.isSound(), read.findings()::toString);
        PageSummary p1 = read.pages().get(1);
        assertEquals(List.of(2, 2, 122), List.of(p1.written(), p1.erased(), p1.empty()));
    }

    @Test
    void anInterruptedWriteOnTheActivePageIsDropped() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, "a", 1);
        img.u8(0, s, 1, "b", 2);
        img.state(0, s, EntryState.EMPTY); // data written, bitmap not yet
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | a | u8 | 1", entries(read));
        Finding f = only(read, Kind.HALF_WRITTEN);
        assertAt(f, 0, 2);
        assertEquals(Severity.WARNING, f.severity());
    }

    @Test
    void aStringWhosePayloadIsNotMarkedWrittenIsErased() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        int name = s;
        s = img.string(0, s, 1, "name", "a string of more than thirty-two bytes");
        img.state(0, s - 1, EntryState.ERASED);
        img.u8(0, s, 1, "after", 1);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | after | u8 | 1", entries(read));
        assertAt(only(read, Kind.SPAN_INCOMPLETE), 0, name);
    }

    @Test
    void illegalEntryStateIsReportedAtItsBitmapByte() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, "a", 1);
        img.state(0, s - 1, EntryState.ILLEGAL);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("", entries(read));
        Finding f = only(read, Kind.ENTRY_STATE);
        assertAt(f, 0, 1);
        assertEquals(Page.BITMAP_OFFSET, f.offset());
    }

    @Test
    void anInterruptedReclaimIsFinishedFromTheFreeingPage() {
        FlashImage img = new FlashImage(4);
        img.page(0, PageState.FREEING, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, "a", 1);
        img.string(0, s, 1, "s", "text");
        // The partial copy on the new page is discarded and redone.
        img.page(2, PageState.ACTIVE, 1);
        s = img.namespace(2, 0, "app", 1);
        img.u8(2, s, 1, "a", 1);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | a | u8 | 1; app | s | string | text", entries(read));
        assertAt(only(read, Kind.FREEING_PAGE), 0, -1);
        assertEquals(PageSummary.State.FREEING, read.pages().get(0).state());
    }

    @Test
    void chunksOfAnOlderBlobVersionAreLeftOut() {
        byte[] oldData = bytes(1, 5000);
        byte[] newData = bytes(2, 4100);
        FlashImage img = new FlashImage(5);
        img.page(0, PageState.FULL, 0);
        int s = img.namespace(0, 0, "b", 1);
        // version 0 (chunks 0, 1) lost its index when power failed during the rewrite
        img.variable(0, s, 1, ItemType.BLOB_DATA, 0, "cert", slice(oldData, 0, 3968));
        img.page(1, PageState.FULL, 1);
        s = img.variable(1, 0, 1, ItemType.BLOB_DATA, 1, "cert", slice(oldData, 3968, 5000));
        // version 1 (chunks 128, 129) and its index
        img.variable(1, s, 1, ItemType.BLOB_DATA, 128, "cert", slice(newData, 0, 2900));
        img.page(2, PageState.ACTIVE, 2);
        s = img.variable(2, 0, 1, ItemType.BLOB_DATA, 129, "cert", slice(newData, 2900, 4100));
        img.blobIndex(2, s, 1, "cert", 4100, 2, 128);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals(1, read.entries().size(), () -> entries(read));
        assertEquals(
                dev.nvsgen.nvs.NvsValue.blob(newData), read.entries().get(0).value());
        List<Finding> orphans = read.findings().stream()
                .filter(f -> f.kind() == Kind.BLOB_ORPHAN_CHUNK)
                .toList();
        assertEquals(2, orphans.size(), read.findings()::toString);
        assertAt(orphans.get(0), 0, 1);
        assertAt(orphans.get(1), 1, 0);
    }

    @Test
    void aBlobIndexThatDisagreesWithItsChunksLosesTheBlob() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "b", 1);
        s = img.variable(0, s, 1, ItemType.BLOB_DATA, 0, "k", bytes(3, 40));
        int index = s;
        s = img.blobIndex(0, s, 1, "k", 40, 2, 0);
        img.u8(0, s, 1, "z", 1);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("b | z | u8 | 1", entries(read));
        assertAt(only(read, Kind.BLOB_INDEX_MISMATCH), 0, index);
        assertAt(only(read, Kind.BLOB_ORPHAN_CHUNK), 0, 1);
    }

    @Test
    void aVersion1BlobIsReadUnlessAVersion2BlobOfTheKeyExists() {
        FlashImage img = new FlashImage(3);
        img.pageVersion(0, PageState.ACTIVE, 0, 0xFF);
        int s = img.namespace(0, 0, "b", 1);
        s = img.variable(0, s, 1, ItemType.BLOB, Item.CHUNK_ANY, "old", bytes(4, 10));
        NvsImage v1 = NvsReader.read(img.bytes.clone());
        assertEquals("b | old | blob | " + dev.nvsgen.nvs.Bytes.of(bytes(4, 10)).hex(), entries(v1));
        assertEquals(dev.nvsgen.nvs.FormatVersion.V1, v1.version());

        s = img.variable(0, s, 1, ItemType.BLOB_DATA, 0, "old", bytes(5, 3));
        img.blobIndex(0, s, 1, "old", 3, 1, 0);
        NvsImage both = NvsReader.read(img.bytes);
        assertEquals("b | old | blob | " + dev.nvsgen.nvs.Bytes.of(bytes(5, 3)).hex(), entries(both));
        // On the active page the blob index takes the version 1 blob for an older copy (the item hash
        // leaves the type out) and erases it.
        assertAt(only(both, Kind.DUPLICATE_KEY), 0, 1);
    }

    @Test
    void twoKeysWithTheSameItemHashOnTheActivePageLoseTheOlderOne() {
        String[] pair = collidingKeys(1);
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, pair[0], 1);
        img.u8(0, s, 1, pair[1], 2);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | " + pair[1] + " | u8 | 2", entries(read));
        Finding f = only(read, Kind.HASH_COLLISION);
        assertAt(f, 0, 1);

        // On a full page nvs_flash keeps both: the hash only speeds up lookups there.
        img.page(0, PageState.FULL, 0);
        img.page(1, PageState.ACTIVE, 1);
        img.u8(1, 0, 1, "z", 0);
        NvsImage full = NvsReader.read(img.bytes);
        assertEquals(3, full.entries().size(), () -> entries(full));
        assertTrue(full.isSound(), full.findings()::toString);
    }

    @Test
    void itemsOfAnUndefinedNamespaceAreUnreachable() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, "a", 1);
        img.u8(0, s, 7, "b", 2);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | a | u8 | 1", entries(read));
        assertAt(only(read, Kind.NAMESPACE_UNDEFINED), 0, 2);
    }

    @Test
    void aKeyWithBytesAfterItsNulIsListedButCannotBeRead() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.u8(0, s, 1, "a", 1);
        img.patch(0, s - 1, 8 + 5, (byte) 'x');
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("", entries(read));
        assertAt(only(read, Kind.ENTRY_KEY), 0, 1);
        assertAt(only(read, Kind.VALUE_UNREADABLE), 0, 1);
    }

    @Test
    void aDamagedPageHeaderHidesThePage() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        img.u8(0, s, 1, "a", 1);
        img.bytes[5] ^= 1; // the sequence number
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("", entries(read));
        Finding f = only(read, Kind.PAGE_HEADER_CRC);
        assertEquals(28, f.offset());
        assertEquals(PageSummary.State.CORRUPT, read.pages().get(0).state());
    }

    @Test
    void aNewerFormatVersionIsReported() {
        FlashImage img = new FlashImage(3);
        img.pageVersion(0, PageState.ACTIVE, 0, 0xFD);
        img.namespace(0, 0, "app", 1);
        assertEquals(8, only(NvsReader.read(img.bytes), Kind.PAGE_VERSION).offset());
    }

    @Test
    void aReadWritePartitionWithoutAFreePageIsReported() {
        FlashImage img = new FlashImage(3);
        for (int p = 0; p < 3; p++) {
            img.page(p, p == 2 ? PageState.ACTIVE : PageState.FULL, p);
        }
        img.namespace(0, 0, "app", 1);
        only(NvsReader.read(img.bytes), Kind.NO_FREE_PAGE);
    }

    @Test
    void anImageShorterThanAPageIsNotAnImage() {
        NvsFormatException e = assertThrows(NvsFormatException.class, () -> NvsReader.read(new byte[100]));
        assertTrue(e.getMessage().contains("100 bytes"), e.getMessage());
    }

    @Test
    void aPartialLastPageIsReported() {
        byte[] image = java.util.Arrays.copyOf(new FlashImage(3).bytes, 3 * Page.SIZE + 10);
        only(NvsReader.read(image), Kind.IMAGE_SIZE);
    }

    @Test
    void theWrongKeysAreRefused() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        img.u8(0, s, 1, "a", 1);
        TestXts right = new TestXts(bytes(9, 64));
        byte[] encrypted = RandomPartitions.encrypt(img.bytes, right);
        assertEquals("app | a | u8 | 1", entries(NvsReader.read(encrypted, right)));
        NvsFormatException wrong =
                assertThrows(NvsFormatException.class, () -> NvsReader.read(encrypted, new TestXts(bytes(8, 64))));
        assertTrue(wrong.getMessage().contains("do not belong"), wrong.getMessage());
        NvsFormatException plain = assertThrows(NvsFormatException.class, () -> NvsReader.read(img.bytes, right));
        assertTrue(plain.getMessage().contains("not encrypted"), plain.getMessage());
        only(NvsReader.read(encrypted), Kind.NOT_DECRYPTED);
    }

    @Test
    void anEmptyPartitionIsSound() {
        NvsImage read = NvsReader.read(new FlashImage(3).bytes);
        assertTrue(read.isSound());
        assertEquals(List.<NvsEntry>of(), read.entries());
    }

    /** Two keys whose items in namespace {@code ns} share nvs_flash's 24-bit hash. */
    private static String[] collidingKeys(int ns) {
        Map<Integer, String> seen = new HashMap<>();
        Random r = new Random(24);
        while (true) {
            String k = RandomPartitions.key(r, 10);
            int h = Item.integer(ns, ItemType.U8, FlashImage.key(k), 0).hash24();
            String other = seen.putIfAbsent(h, k);
            if (other != null && !other.equals(k)) {
                assertNotEquals(other, k);
                return new String[] {other, k};
            }
        }
    }

    static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
