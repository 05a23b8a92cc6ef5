package dev.nvsgen.nvs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers for each on-flash structure, taken from images nvs_partition_gen wrote. */
class PageStructuresTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void pageHeaderOfFirstActiveVersion2Page() {
        byte[] buf = new byte[32];
        PageHeader.write(buf, 0, PageState.ACTIVE, 0, 0xFE);
        assertEquals("feffffff00000000feffffffffffffffffffffffffffffffffffffff842dbab9", HEX.formatHex(buf));
        PageHeader h = PageHeader.parse(buf, 0);
        assertEquals(PageState.ACTIVE, h.state());
        assertEquals(0, h.sequence());
        assertEquals(0xFE, h.versionByte());
        assertEquals(PageHeader.computeCrc(buf, 0), h.crc());
    }

    @Test
    void stateChangeLeavesTheCrcValid() {
        byte[] buf = new byte[32];
        PageHeader.write(buf, 0, PageState.ACTIVE, 5, 0xFF);
        PageHeader.writeState(buf, 0, PageState.FULL);
        PageHeader h = PageHeader.parse(buf, 0);
        assertEquals(PageState.FULL, h.state());
        assertEquals(PageHeader.computeCrc(buf, 0), h.crc(), "the CRC does not cover the state word");
    }

    @Test
    void fullyWrittenBitmap() {
        byte[] page = new byte[Page.SIZE];
        Arrays.fill(page, (byte) 0xFF);
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            assertEquals(EntryState.EMPTY, EntryStateBitmap.state(page, 0, slot));
            EntryStateBitmap.markWritten(page, 0, slot);
            assertEquals(EntryState.WRITTEN, EntryStateBitmap.state(page, 0, slot));
        }
        byte[] expected = new byte[32];
        Arrays.fill(expected, (byte) 0xAA);
        expected[31] = (byte) 0xFA;
        assertArrayEquals(expected, Arrays.copyOfRange(page, Page.BITMAP_OFFSET, Page.BITMAP_OFFSET + 32));
    }

    @Test
    void bitmapStatesFromBits() {
        byte[] page = new byte[Page.SIZE];
        page[Page.BITMAP_OFFSET] = (byte) 0b01_00_10_11; // entries 0..3: empty, written, erased, illegal
        assertEquals(EntryState.EMPTY, EntryStateBitmap.state(page, 0, 0));
        assertEquals(EntryState.WRITTEN, EntryStateBitmap.state(page, 0, 1));
        assertEquals(EntryState.ERASED, EntryStateBitmap.state(page, 0, 2));
        assertEquals(EntryState.ILLEGAL, EntryStateBitmap.state(page, 0, 3));
    }

    @Test
    void namespaceDefinitionItem() {
        // gen_strings, page 0 slot 0: namespace "text" gets index 1.
        Item item = Item.integer(0, ItemType.U8, "text".getBytes(StandardCharsets.UTF_8), 1);
        byte[] raw = item.toByteArray();
        assertEquals("000101ff", HEX.formatHex(raw, 0, 4));
        assertEquals("7465787400000000000000000000000001ffffffffffffff", HEX.formatHex(raw, 8, 32));
        assertTrue(item.crcValid());
        assertEquals("text", item.key());
        assertEquals(ItemType.U8, item.type());
        assertEquals(1, item.dataBits() & 0xFF);
    }

    @Test
    void integerItemsAreLittleEndianWithUnusedBytesErased() {
        Item i16 = Item.integer(3, ItemType.I16, "k".getBytes(StandardCharsets.UTF_8), -2);
        assertEquals("feffffffffffffff", HEX.formatHex(i16.toByteArray(), 24, 32));
        Item u32 = Item.integer(3, ItemType.U32, "k".getBytes(StandardCharsets.UTF_8), 0x01020304);
        assertEquals("04030201ffffffff", HEX.formatHex(u32.toByteArray(), 24, 32));
        Item i64 = Item.integer(3, ItemType.I64, "k".getBytes(StandardCharsets.UTF_8), Long.MIN_VALUE);
        assertEquals("0000000000000080", HEX.formatHex(i64.toByteArray(), 24, 32));
    }

    @Test
    void variableLengthAndBlobIndexLayouts() {
        byte[] key = "blob".getBytes(StandardCharsets.UTF_8);
        Item data = Item.variableLength(2, ItemType.BLOB_DATA, 1, key, 33, 0x11223344);
        assertEquals(3, data.span(), "header + two payload entries");
        assertEquals(1, data.chunkIndex());
        assertEquals(33, data.varLengthSize());
        assertEquals(0x11223344, data.varLengthDataCrc());
        assertEquals("2100ffff44332211", HEX.formatHex(data.toByteArray(), 24, 32));
        Item index = Item.blobIndex(2, key, 70000, 3, 0);
        assertEquals("701101000300ffff", HEX.formatHex(index.toByteArray(), 24, 32));
        assertEquals(70000, index.blobIndexSize());
        assertEquals(3, index.blobIndexChunkCount());
        assertEquals(Item.CHUNK_ANY, index.chunkIndex());
    }

    @Test
    void parseAndWriteRoundTrip() {
        Item item = Item.variableLength(
                7, ItemType.SZ, Item.CHUNK_ANY, "fifteen_bytes__".getBytes(StandardCharsets.UTF_8), 4000, 5);
        byte[] buf = new byte[100];
        item.writeTo(buf, 40);
        Item back = Item.parse(buf, 40);
        assertArrayEquals(item.toByteArray(), back.toByteArray());
        assertEquals("fifteen_bytes__", back.key());
        assertTrue(back.keyTerminated(), "15 bytes leave room for the NUL");
        buf[40 + 9] ^= 1;
        assertFalse(Item.parse(buf, 40).crcValid());
    }
}
