package dev.nvsgen.nvs.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageState;
import dev.nvsgen.nvs.read.Finding.Kind;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code float} (0x24) and {@code double} (0x28) entries as firmware on ESP-IDF master leaves them: the
 * value's IEEE 754 bits little-endian in the data field (a float's last 4 bytes 0xFF), span 1, read back
 * with {@code nvs_get_float}/{@code nvs_get_double} only under their own type.
 */
class FloatEntriesTest {

    private static String entries(NvsImage image) {
        return image.entries().stream().map(DeviceImagesTest::row).collect(Collectors.joining("; "));
    }

    @Test
    void severalPerPageReadWithTheirBits() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "cal", 1);
        s = img.f32(0, s, 1, "gain", 1.25f);
        s = img.f64(0, s, 1, "offset", -0.000123);
        s = img.f32(0, s, 1, "nz", -0.0f);
        s = img.f32(0, s, 1, "tiny", Float.MIN_VALUE);
        s = img.put(0, s, Item.integer(1, ItemType.FLOAT, FlashImage.key("qnan"), 0x7FC0_0001));
        s = img.f64(0, s, 1, "big", Double.MAX_VALUE);
        img.f64(0, s, 1, "ninf", Double.NEGATIVE_INFINITY);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals(
                "cal | gain | float | 1.25; cal | offset | double | -0.000123; cal | nz | float | -0.0;"
                        + " cal | tiny | float | 1e-45; cal | qnan | float | nan(0x1);"
                        + " cal | big | double | 1.7976931348623157e+308; cal | ninf | double | -inf",
                entries(read));
        assertTrue(read.isSound(), read.findings()::toString);
        assertEquals(NvsValue.f32Bits(0x7FC0_0001), read.entries().get(4).value());
    }

    @Test
    void anOverwrittenValueReadsAsTheNewOne() {
        // nvs_flash writes the new item, then erases the old one: here the old one sits erased on a FULL page.
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.FULL, 0);
        int s = img.namespace(0, 0, "app", 1);
        int old = s;
        s = img.f64(0, s, 1, "pi", 3.0);
        img.state(0, old, EntryState.ERASED);
        img.f32(0, s, 1, "ratio", 0.5f);
        img.page(1, PageState.ACTIVE, 1);
        s = img.f64(1, 0, 1, "pi", Math.PI);
        img.state(0, s - 1 + 2, EntryState.ERASED); // the old ratio
        img.f32(1, s, 1, "ratio", -3.0f);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | pi | double | 3.141592653589793; app | ratio | float | -3.0", entries(read));
        assertTrue(read.isSound(), read.findings()::toString);
    }

    @Test
    void powerLostBeforeTheOldCopyWasErasedKeepsTheNewestPage() {
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.FULL, 0);
        int s = img.namespace(0, 0, "app", 1);
        img.f32(0, s, 1, "t", 20.5f);
        img.page(1, PageState.ACTIVE, 1);
        img.f32(1, 0, 1, "t", 21.0f);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | t | float | 21.0", entries(read));
        assertEquals(
                1,
                read.findings().stream()
                        .filter(f -> f.kind() == Kind.DUPLICATE_KEY)
                        .count());
    }

    @Test
    void erasedEntriesAndRecycledPagesAreSkippedAcrossRotation() {
        // Page order on flash is not sequence order once pages have been reclaimed and reused.
        FlashImage img = new FlashImage(4);
        img.page(2, PageState.FULL, 7);
        int s = img.namespace(2, 0, "app", 1);
        int gone = s;
        s = img.f64(2, s, 1, "gone", 1e300);
        img.state(2, gone, EntryState.ERASED);
        for (int i = 0; s < Page.ENTRY_COUNT; i++) {
            s = img.f32(2, s, 1, "f" + i, i / 4.0f);
        }
        img.page(0, PageState.ACTIVE, 8);
        img.f64(0, 0, 1, "last", 2.5e-310);
        NvsImage read = NvsReader.read(img.bytes);
        assertTrue(read.isSound(), read.findings()::toString);
        assertEquals(Page.ENTRY_COUNT - 2 + 1, read.entries().size());
        assertEquals(
                "app | f3 | float | 0.75", DeviceImagesTest.row(read.entries().get(3)));
        assertEquals(
                "app | last | double | 2.5e-310",
                DeviceImagesTest.row(read.entries().get(read.entries().size() - 1)));
    }

    @Test
    void onTheActivePageAFloatReplacesAnIntegerOfTheSameKey() {
        // Set as u32 by old firmware, then as float by new firmware, power lost before the u32 was erased.
        FlashImage img = new FlashImage(3);
        img.page(0, PageState.ACTIVE, 0);
        int s = img.namespace(0, 0, "app", 1);
        s = img.put(0, s, Item.integer(1, ItemType.U32, FlashImage.key("v"), 7));
        img.f32(0, s, 1, "v", 7.0f);
        NvsImage read = NvsReader.read(img.bytes);
        assertEquals("app | v | float | 7.0", entries(read));
    }

    /**
     * What nvsgen writes for a float or double is, byte for byte, the item nvs_flash itself wrote for the
     * same namespace index, key and value ({@code ../shared/device-images/dev_float_basic}).
     */
    @Test
    void generatedItemsAreTheItemsNvsFlashWrites() throws java.io.IOException {
        byte[] device = java.nio.file.Files.readAllBytes(
                SharedFixtures.folder("device-images").resolve("dev_float_basic/image.bin"));
        NvsPartition p = NvsPartition.builder()
                .namespace("app")
                .put("pi", NvsValue.f64(3.141592653589793))
                .put("ratio", NvsValue.f32(-3.0f))
                .build();
        byte[] generated = p.toImage(PartitionSize.ofPages(3));
        for (String key : new String[] {"pi", "ratio"}) {
            assertEquals(
                    Bytes.of(liveItem(device, key)).hex(),
                    Bytes.of(liveItem(generated, key)).hex(),
                    key);
        }
    }

    /** The 32 bytes of the written (not erased) item of {@code key} on page 0. */
    private static byte[] liveItem(byte[] image, String key) {
        for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
            if (EntryStateBitmap.state(image, 0, slot) != EntryState.WRITTEN) {
                continue;
            }
            Item item = Item.parse(image, Page.entryOffset(slot));
            if (item.nsIndex() != 0 && item.key().equals(key)) {
                return item.toByteArray();
            }
        }
        throw new AssertionError("no live item " + key);
    }
}
