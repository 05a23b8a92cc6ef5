package dev.nvsgen.nvs.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.read.Finding.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damage of each kind in a generated image is reported where it is: the page, the entry and the byte.
 * Positions are drawn from a seeded generator; the seed is in each test's name.
 */
class CorruptionTest {
    private static final int PAGES = 6;
    private static final byte[] IMAGE = NvsPartition.builder()
            .namespace("factory")
            .put("serial", NvsValue.string("SN-000123 with a longer description of the device"))
            .put("hw_rev", NvsValue.u8(3))
            .put("cal", NvsValue.blob(NvsFlashBehaviourTest.bytes(1, 6000)))
            .put("flags", NvsValue.u32(0xDEADBEEFL))
            .namespace("wifi")
            .put("ssid", NvsValue.string("factory-net"))
            .put("count", NvsValue.i64(-5))
            .build()
            .toImage(PartitionSize.ofPages(PAGES));

    /** An item of the clean image: where its header is and how many entries it spans. */
    record Placed(int page, int slot, Item item) {
        int offset() {
            return page * Page.SIZE + Page.entryOffset(slot);
        }
    }

    static List<Placed> items() {
        List<Placed> out = new ArrayList<>();
        for (int page = 0; page < PAGES; page++) {
            int base = page * Page.SIZE;
            for (int slot = 0; slot < Page.ENTRY_COUNT; ) {
                if (EntryStateBitmap.state(IMAGE, base, slot) != EntryState.WRITTEN) {
                    slot++;
                    continue;
                }
                Item item = Item.parse(IMAGE, base + Page.entryOffset(slot));
                out.add(new Placed(page, slot, item));
                slot += item.span();
            }
        }
        return out;
    }

    static int usedPages() {
        int n = 0;
        while (IMAGE[n * Page.SIZE] != (byte) 0xFF || IMAGE[n * Page.SIZE + 1] != (byte) 0xFF) {
            n++;
        }
        return n;
    }

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    private static NvsImage flipped(int offset, int bit) {
        byte[] b = IMAGE.clone();
        b[offset] ^= (byte) (1 << bit);
        return NvsReader.read(b);
    }

    private static void assertFound(NvsImage read, Kind kind, int page, int slot, long offset, String what) {
        assertTrue(
                read.findings().stream()
                        .anyMatch(
                                f -> f.kind() == kind && f.page() == page && f.slot() == slot && f.offset() == offset),
                () -> what + ": expected " + kind + " at page " + page + " entry " + slot + " offset 0x"
                        + Long.toHexString(offset) + ", found " + read.findings());
    }

    @Test
    void theCleanImageIsSound() {
        NvsImage read = NvsReader.read(IMAGE);
        assertTrue(read.isSound(), read.findings()::toString);
        assertEquals(6, read.entries().size());
        assertTrue(usedPages() >= 2);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFlippedHeaderBitIsAHeaderCrcError(int seed) {
        Random r = new Random(seed);
        int page = r.nextInt(usedPages());
        int offset = page * Page.SIZE + 4 + r.nextInt(28); // everything the header CRC covers, and the CRC
        NvsImage read = flipped(offset, r.nextInt(8));
        assertFound(read, Kind.PAGE_HEADER_CRC, page, -1, page * Page.SIZE + 28L, "header byte 0x" + offset);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFlippedItemHeaderBitIsReportedAtThatEntry(int seed) {
        Random r = new Random(seed);
        List<Placed> items = items();
        Placed p = items.get(r.nextInt(items.size()));
        int offset = p.offset() + r.nextInt(Page.ENTRY_SIZE);
        NvsImage read = flipped(offset, r.nextInt(8));
        assertFound(read, Kind.ENTRY_CRC, p.page(), p.slot(), p.offset() + 4L, "item " + p.item());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFlippedPayloadBitIsReportedAtItsItemAndTheValueIsLeftOut(int seed) {
        Random r = new Random(seed);
        List<Placed> payloads = items().stream()
                .filter(p -> ItemType.fromCode(p.item().typeCode()).isVariableLength()
                        && p.item().varLengthSize() > 0)
                .toList();
        Placed p = payloads.get(r.nextInt(payloads.size()));
        int offset = p.offset() + Page.ENTRY_SIZE + r.nextInt(p.item().varLengthSize());
        NvsImage read = flipped(offset, r.nextInt(8));
        assertFound(read, Kind.PAYLOAD_CRC, p.page(), p.slot(), p.offset() + 28L, "payload of " + p.item());
        assertEquals(5, read.entries().size(), "the damaged value is left out");
        assertFalse(
                read.entries().stream().anyMatch(e -> e.key().equals(p.item().key())));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aWrittenEntryMarkedEmptyIsReportedAtThatEntry(int seed) {
        Random r = new Random(seed);
        int page = r.nextInt(usedPages());
        int slot;
        do {
            slot = r.nextInt(Page.ENTRY_COUNT);
        } while (EntryStateBitmap.state(IMAGE, page * Page.SIZE, slot) != EntryState.WRITTEN);
        NvsImage read = flipped(page * Page.SIZE + Page.BITMAP_OFFSET + slot / 4, (slot % 4) * 2);
        int s = slot;
        assertTrue(
                read.findings().stream()
                        .anyMatch(f -> f.page() == page
                                && f.slot() == s
                                && (f.kind() == Kind.ENTRY_NOT_ERASED || f.kind() == Kind.HALF_WRITTEN)),
                () -> "page " + page + " entry " + s + ": " + read.findings());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aWrittenEntryMarkedIllegalIsReportedAtItsBitmapByte(int seed) {
        Random r = new Random(seed);
        List<Placed> items = items();
        Placed p = items.get(r.nextInt(items.size()));
        byte[] b = IMAGE.clone();
        int bitmapByte = p.page() * Page.SIZE + Page.BITMAP_OFFSET + p.slot() / 4;
        b[bitmapByte] ^= (byte) (0b11 << (p.slot() % 4) * 2); // 10 (written) becomes 01
        NvsImage read = NvsReader.read(b);
        assertFound(read, Kind.ENTRY_STATE, p.page(), p.slot(), bitmapByte, "item " + p.item());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void dataInAnEmptyEntryIsReportedAtThatEntry(int seed) {
        Random r = new Random(seed);
        int page;
        int slot;
        do {
            page = r.nextInt(usedPages());
            slot = r.nextInt(Page.ENTRY_COUNT);
        } while (EntryStateBitmap.state(IMAGE, page * Page.SIZE, slot) != EntryState.EMPTY);
        int entry = page * Page.SIZE + Page.entryOffset(slot);
        NvsImage read = flipped(entry + r.nextInt(Page.ENTRY_SIZE), r.nextInt(8));
        int pg = page;
        int s = slot;
        assertTrue(
                read.findings().stream()
                        .anyMatch(f -> f.page() == pg
                                && f.slot() == s
                                && (f.kind() == Kind.ENTRY_NOT_ERASED || f.kind() == Kind.HALF_WRITTEN)),
                () -> "page " + pg + " entry " + s + ": " + read.findings());
    }

    @Test
    void anUnknownStateWordIsReportedAtTheHeader() {
        byte[] b = IMAGE.clone();
        b[Page.SIZE + 2] = 0x12;
        NvsImage read = NvsReader.read(b);
        assertFound(read, Kind.PAGE_STATE, 1, -1, Page.SIZE, "state word of page 1");
        assertEquals(PageSummary.State.CORRUPT, read.pages().get(1).state());
    }

    @Test
    void aBlobIndexNamingTheWrongSizeLosesTheBlob() {
        Placed index = items().stream()
                .filter(p -> p.item().typeCode() == ItemType.BLOB_IDX.code())
                .findFirst()
                .orElseThrow();
        byte[] b = IMAGE.clone();
        b[index.offset() + 24] ^= 1;
        dev.nvsgen.nvs.util.LittleEndian.putI32(b, index.offset() + 4, Item.computeCrc(b, index.offset()));
        NvsImage read = NvsReader.read(b);
        assertFound(read, Kind.BLOB_INDEX_MISMATCH, index.page(), index.slot(), index.offset() + 24L, "blob index");
        assertFalse(read.entries().stream().anyMatch(e -> e.key().equals("cal")));
    }
}
