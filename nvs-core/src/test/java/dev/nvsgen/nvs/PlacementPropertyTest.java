package dev.nvsgen.nvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageHeader;
import dev.nvsgen.nvs.internal.PageState;
import dev.nvsgen.nvs.util.Crc32;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random partitions (many namespaces, every value type, strings and blobs sized around entry and
 * page boundaries) written and walked back by an independent decoder of generator images, which checks
 * the reference's placement rules item by item. A failure names the seed; rerun it with that seed alone.
 */
class PlacementPropertyTest {
    private static final int[] BOUNDARY_SIZES = {
        0, 1, 31, 32, 33, 63, 64, 65, 3935, 3936, 3967, 3968, 3999, 4000, 4001, 4031, 4032, 4033, 8000, 8064, 8065,
        12000
    };

    static Stream<Long> seeds() {
        return LongStream.range(0, 150).map(i -> 0x5EED_0000L + i).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void writtenImagesObeyThePlacementRulesAndReadBack(long seed) {
        try {
            check(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private static void check(long seed) {
        Random random = new Random(seed);
        FormatVersion version = random.nextInt(4) == 0 ? FormatVersion.V1 : FormatVersion.V2;
        NvsPartition partition = randomPartition(random, version);
        PartitionSize size = PartitionSize.ofPages(1000);
        byte[] image = partition.toImage(size);
        Walk walk = new Walk(image, version);
        assertEquals(partition.namespaces(), walk.namespaces, "namespace definitions");
        assertEquals(partition.entries(), walk.entries, "entries read back");
        // The smallest partition that holds the data is exactly what the writer reports it needs.
        PartitionSize tight = PartitionSize.ofPages(Math.max(3, walk.dataPages + 1));
        assertEquals(tight.bytes(), partition.toImage(tight).length);
        if (walk.dataPages + 1 > 3) {
            NvsInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                    NvsInputException.class, () -> partition.toImage(PartitionSize.ofPages(walk.dataPages)));
            assertTrue(
                    e.getMessage().startsWith("data does not fit: it needs " + walk.dataPages + " pages"),
                    e.getMessage());
        }
    }

    static NvsPartition randomPartition(Random random, FormatVersion version) {
        NvsPartition.Builder b = NvsPartition.builder(version);
        int namespaces = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
        int entries = random.nextInt(random.nextBoolean() ? 30 : 400);
        b.namespace("ns0");
        for (int i = 0; i < entries; i++) {
            if (random.nextInt(8) == 0) {
                b.namespace("ns" + random.nextInt(namespaces));
            }
            String key = "k" + i;
            b.put(key, randomValue(random, version));
        }
        return b.build();
    }

    static NvsValue randomValue(Random random, FormatVersion version) {
        int pick = random.nextInt(14);
        if (pick == 12) {
            return RandomFloats.floatValue(random);
        }
        if (pick == 13) {
            return RandomFloats.doubleValue(random);
        }
        if (pick < 8) {
            NvsType type = NvsType.values()[pick];
            java.math.BigInteger min = type.isSigned()
                    ? java.math.BigInteger.ONE.shiftLeft(type.width() * 8 - 1).negate()
                    : java.math.BigInteger.ZERO;
            java.math.BigInteger span = java.math.BigInteger.ONE.shiftLeft(type.width() * 8);
            java.math.BigInteger v = switch (random.nextInt(4)) {
                case 0 -> min;
                case 1 -> min.add(span).subtract(java.math.BigInteger.ONE);
                default -> min.add(new java.math.BigInteger(type.width() * 8, random));
            };
            return NvsValue.integer(type, v);
        }
        int limit =
                pick == 8 ? Math.min(version.maxStringBytes(), 3968) - 1 : version == FormatVersion.V1 ? 1984 : 14000;
        int length = random.nextBoolean()
                ? random.nextInt(Math.min(limit, 300) + 1)
                : BOUNDARY_SIZES[random.nextInt(BOUNDARY_SIZES.length)];
        length = Math.min(length, limit);
        if (pick == 8) {
            StringBuilder s = new StringBuilder();
            while (s.length() < length) {
                s.append((char) ('a' + random.nextInt(26)));
            }
            return NvsValue.string(s.toString());
        }
        byte[] data = new byte[length];
        random.nextBytes(data);
        return NvsValue.blob(data);
    }

    /** Decodes a generator image (pages in order, no gaps) while asserting the reference's placement rules. */
    static final class Walk {
        final List<String> namespaces = new ArrayList<>();
        final List<NvsEntry> entries = new ArrayList<>();
        int dataPages;
        private final Map<Integer, String> byIndex = new HashMap<>();
        private final byte[] image;
        private final FormatVersion version;
        private int page;
        private int slot;

        Walk(byte[] image, FormatVersion version) {
            this.image = image;
            this.version = version;
            while (dataPages < image.length / Page.SIZE
                    && PageHeader.parse(image, dataPages * Page.SIZE).stateCode() != -1) {
                checkHeader(dataPages);
                dataPages++;
            }
            for (int p = dataPages; p < image.length / Page.SIZE; p++) {
                for (int i = p * Page.SIZE; i < (p + 1) * Page.SIZE; i++) {
                    if (image[i] != (byte) 0xFF) {
                        fail("page " + p + " after the data pages is not erased at offset " + i);
                    }
                }
            }
            List<Item> chunkHeaders = new ArrayList<>();
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (page = 0; page < dataPages; page++) {
                int used = usedSlots(page);
                for (slot = 0; slot < used; ) {
                    Item item = Item.parse(image, page * Page.SIZE + Page.entryOffset(slot));
                    assertTrue(item.crcValid(), where() + "item CRC");
                    ItemType type = item.type();
                    if (slot == 0 && page > 0) {
                        checkNewPageWasNeeded(item, usedSlots(page - 1), chunkHeaders);
                    }
                    if (item.nsIndex() == 0) {
                        assertEquals(ItemType.U8, type, where());
                        namespaces.add(item.key());
                        byIndex.put((int) (item.dataBits() & 0xFF), item.key());
                        assertEquals(namespaces.size(), item.dataBits() & 0xFF, where() + "namespace index");
                    } else if (type.isInteger()) {
                        long bits = item.dataBits();
                        int width = type.valueType().width();
                        long value = width == 8
                                ? bits
                                : type.valueType().isSigned()
                                        ? (bits << (64 - 8 * width)) >> (64 - 8 * width)
                                        : bits & ((1L << (8 * width)) - 1);
                        entries.add(new NvsEntry(ns(item), item.key(), new NvsValue.IntValue(type.valueType(), value)));
                        assertEquals(
                                -1L,
                                width == 8 ? -1L : bits >> (8 * width) | (-1L << (64 - 8 * width)),
                                where() + "unused data bytes are 0xFF");
                    } else if (type == ItemType.FLOAT || type == ItemType.DOUBLE) {
                        long bits = item.dataBits();
                        NvsValue v = type == ItemType.FLOAT ? NvsValue.f32Bits((int) bits) : NvsValue.f64Bits(bits);
                        entries.add(new NvsEntry(ns(item), item.key(), v));
                        if (type == ItemType.FLOAT) {
                            assertEquals(0xFFFF_FFFFL, bits >>> 32, where() + "a float's last 4 data bytes are 0xFF");
                        }
                    } else if (type == ItemType.SZ || type == ItemType.BLOB) {
                        assertTrue(
                                slot + item.span() < Page.ENTRY_COUNT,
                                where() + "a one-page item never reaches slot 125");
                        assertEquals(Item.CHUNK_ANY, item.chunkIndex(), where());
                        byte[] payload = payload(item);
                        NvsValue v = type == ItemType.SZ
                                ? new NvsValue.StringValue(Bytes.of(payload, 0, payload.length - 1))
                                : NvsValue.blob(payload);
                        if (type == ItemType.SZ) {
                            assertEquals(0, payload[payload.length - 1], where() + "string ends with NUL");
                        } else {
                            assertEquals(FormatVersion.V1, version, where() + "BLOB items only in version 1");
                        }
                        entries.add(new NvsEntry(ns(item), item.key(), v));
                    } else if (type == ItemType.BLOB_DATA) {
                        assertEquals(FormatVersion.V2, version);
                        assertEquals(chunkHeaders.size(), item.chunkIndex(), where() + "chunks are numbered from 0");
                        chunkHeaders.add(item);
                        chunks.writeBytes(payload(item));
                    } else if (type == ItemType.BLOB_IDX) {
                        assertTrue(!chunkHeaders.isEmpty(), where() + "index after its chunks");
                        assertEquals(chunkHeaders.size(), item.blobIndexChunkCount(), where());
                        assertEquals(0, item.blobIndexChunkStart(), where());
                        assertEquals(chunks.size(), item.blobIndexSize(), where());
                        entries.add(new NvsEntry(ns(item), item.key(), NvsValue.blob(chunks.toByteArray())));
                        chunkHeaders.clear();
                        chunks.reset();
                    } else {
                        fail(where() + "unexpected item " + item);
                    }
                    slot += item.span();
                }
                assertEquals(used, slot, "page " + page + ": items fill exactly the written slots");
            }
            assertTrue(chunkHeaders.isEmpty(), "every blob ends with its index");
        }

        private void checkHeader(int p) {
            PageHeader h = PageHeader.parse(image, p * Page.SIZE);
            assertEquals(p, h.sequence(), "page " + p + " sequence");
            assertEquals(version.headerByte(), h.versionByte(), "page " + p + " version");
            assertEquals(PageHeader.computeCrc(image, p * Page.SIZE), h.crc(), "page " + p + " header CRC");
        }

        private int usedSlots(int p) {
            int base = p * Page.SIZE;
            int used = 0;
            while (used < Page.ENTRY_COUNT && EntryStateBitmap.state(image, base, used) == EntryState.WRITTEN) {
                used++;
            }
            for (int s = used; s < Page.ENTRY_COUNT; s++) {
                assertEquals(
                        EntryState.EMPTY,
                        EntryStateBitmap.state(image, base, s),
                        "page " + p + " slot " + s + ": gap in the bitmap");
            }
            boolean last = p == lastDataPage();
            assertEquals(
                    last ? PageState.ACTIVE : PageState.FULL,
                    PageHeader.parse(image, base).state(),
                    "page " + p + " state");
            return used;
        }

        private int lastDataPage() {
            int p = 0;
            while ((p + 1) * Page.SIZE < image.length
                    && PageHeader.parse(image, (p + 1) * Page.SIZE).stateCode() != -1) {
                p++;
            }
            return p;
        }

        /** The previous page ended early only if the reference would not have put this item there. */
        private void checkNewPageWasNeeded(Item first, int usedBefore, List<Item> chunkHeaders) {
            ItemType t = first.type();
            if (!chunkHeaders.isEmpty()) {
                // A chunk moves on only after filling its page to the last slot (possibly with zero bytes),
                // and an index only when its last chunk left no slot free.
                assertEquals(
                        Page.ENTRY_COUNT,
                        usedBefore,
                        where() + "blob continued on a new page while the previous had room");
                return;
            }
            if (t == ItemType.SZ || t == ItemType.BLOB) {
                assertTrue(
                        usedBefore + first.span() >= Page.ENTRY_COUNT,
                        where() + "string/v1 blob would have fit on the previous page");
            } else {
                assertEquals(Page.ENTRY_COUNT, usedBefore, where() + t + " opened a page while the previous had room");
            }
        }

        private byte[] payload(Item item) {
            int size = item.varLengthSize();
            assertEquals(1 + Page.entriesFor(size), item.span(), where() + "span");
            int off = page * Page.SIZE + Page.entryOffset(slot + 1);
            byte[] payload = java.util.Arrays.copyOfRange(image, off, off + size);
            assertEquals(Crc32.compute(payload), item.varLengthDataCrc(), where() + "payload CRC");
            for (int i = off + size; i < off + Page.entriesFor(size) * Page.ENTRY_SIZE; i++) {
                assertEquals((byte) 0xFF, image[i], where() + "payload padding");
            }
            return payload;
        }

        private String ns(Item item) {
            String name = byIndex.get(item.nsIndex());
            if (name == null) {
                fail(where() + "namespace index " + item.nsIndex() + " is not defined before use");
            }
            return name;
        }

        private String where() {
            return "page " + page + " slot " + slot + ": ";
        }
    }
}
