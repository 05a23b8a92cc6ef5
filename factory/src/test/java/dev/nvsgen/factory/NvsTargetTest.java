package dev.nvsgen.factory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.partitions.FlashImage;
import dev.nvsgen.partitions.FlashLayout;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableException;
import dev.nvsgen.partitions.PartitionTableOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NvsTargetTest {
    private static final String TABLE = "nvs,data,nvs,,0x6000\nphy_init,data,phy,,0x1000\nfactory,app,factory,,1M\n"
            + "fctry,data,nvs,,0x6000\nnvs_keys,data,nvs_keys,,4K,encrypted\nfctry_keys,data,nvs_keys,,4K,encrypted\n";
    private static final Path DIR = Path.of("build", "out").toAbsolutePath();

    private static PartitionTable table(String csv) {
        return PartitionTable.parseCsv(csv, "partitions.csv", PartitionTableOptions.defaults());
    }

    private static Bytes filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return Bytes.of(b);
    }

    @Test
    void defaultIsTheFirstNvsPartitionAndItsKeys() {
        NvsTarget t = NvsTarget.resolve(table(TABLE), null, null, true);
        assertEquals("nvs", t.nvs().name());
        assertEquals("nvs_keys", t.keys().orElseThrow().name());
        assertEquals(new PartitionSize(0x6000), t.size());
        assertEquals(List.of(), t.warnings());
        assertEquals(
                Optional.empty(),
                NvsTarget.resolve(table(TABLE), null, null, false).keys());
    }

    @Test
    void aNamedPartitionTakesTheKeysPartitionNamedAfterIt() {
        NvsTarget t = NvsTarget.resolve(table(TABLE), "fctry", null, true);
        assertEquals(0x110000, t.nvs().offset());
        assertEquals(0x117000, t.keys().orElseThrow().offset());
        assertEquals("fctry_keys", t.keys().orElseThrow().name());
        assertEquals(
                "nvs_keys",
                NvsTarget.resolve(table(TABLE), "fctry", "nvs_keys", true)
                        .keys()
                        .orElseThrow()
                        .name());
    }

    @Test
    void wrongNamesAreRefusedListingTheChoices() {
        assertEquals(
                "the partition table has no partition named 'nvs2'; its data,nvs partitions are 'nvs', 'fctry'",
                assertThrows(NvsInputException.class, () -> NvsTarget.resolve(table(TABLE), "nvs2", null, false))
                        .getMessage());
        assertEquals(
                "partitions.csv:3: partition 'factory' is app,factory, not data,nvs",
                assertThrows(NvsInputException.class, () -> NvsTarget.resolve(table(TABLE), "factory", null, false))
                        .getMessage());
        assertTrue(assertThrows(
                        NvsInputException.class,
                        () -> NvsTarget.resolve(table("factory,app,factory,,1M\n"), null, null, false))
                .getMessage()
                .startsWith("the partition table has no data,nvs partition; its partitions are 'factory'"));
    }

    @Test
    void keysPartitionWithoutEncryptedFlagWarns() {
        NvsTarget t = NvsTarget.resolve(
                table("nvs,data,nvs,,0x6000\nfactory,app,factory,,1M\nnvs_keys,data,nvs_keys,,0x1000,\n"),
                null,
                null,
                true);
        assertEquals(1, t.warnings().size());
        assertTrue(t.warnings().get(0).startsWith("partitions.csv:3: partition 'nvs_keys' has no 'encrypted' flag"));
    }

    @Test
    void anEncryptedNvsPartitionIsRefused() {
        assertTrue(assertThrows(
                        NvsInputException.class,
                        () -> NvsTarget.resolve(table("nvs,data,nvs,,0x6000,encrypted\n"), null, null, false))
                .getMessage()
                .startsWith("partitions.csv:1: partition 'nvs' has the 'encrypted' flag"));
    }

    @Test
    void imagesMustFit() {
        NvsTarget t = NvsTarget.resolve(table(TABLE), null, null, false);
        assertEquals(new PartitionSize(0x6000), t.size(new PartitionSize(0x6000)));
        assertEquals(
                "partitions.csv:1: partition 'nvs' (data,nvs at 0x9000) is 0x6000 bytes, but SIZE says 0x3000;"
                        + " leave SIZE out to use the partition's size",
                assertThrows(NvsInputException.class, () -> t.size(new PartitionSize(0x3000)))
                        .getMessage());
        assertEquals(
                "partitions.csv:1: partition 'nvs' (data,nvs at 0x9000) holds 0x6000 bytes; the image is 0x7000",
                assertThrows(NvsInputException.class, () -> t.size(new PartitionSize(0x7000)))
                        .getMessage());
        assertTrue(assertThrows(
                        NvsInputException.class,
                        () -> NvsTarget.resolve(table("nvs,data,nvs,,0x3800\n"), null, null, false)
                                .size())
                .getMessage()
                .startsWith("partitions.csv:1: NVS partition 'nvs' of 0x3800 bytes cannot hold an NVS image"));
    }

    @Test
    void layoutPutsImagesAtTheirPartitions() {
        PartitionTable table = table("nvs,data,nvs,,0x6000\nfactory,app,factory,,1M\nfctry,data,nvs,,0x6000\n"
                + "fctry_keys,data,nvs_keys,,4K,encrypted\nnvs_keys,data,nvs_keys,,4K,encrypted\n");
        NvsTarget t = NvsTarget.resolve(table, "fctry", null, true);
        FlashLayout layout = t.layout(
                DIR.resolve("dev1.bin"), filled(0x6000, 0xAB), DIR.resolve("keys/dev1_keys.bin"), filled(0x1000, 0x11));
        assertEquals(
                "--flash_mode keep --flash_freq keep --flash_size keep\n0x110000 dev1.bin\n0x116000 keys/dev1_keys.bin\n",
                layout.argsFile(DIR));
        assertEquals(
                "esptool.py write_flash 0x110000 out/dev1.bin 0x116000 out/keys/dev1_keys.bin",
                layout.writeFlashCommand(DIR.getParent()));
        layout.checkMergeKeeps(t.table());
        byte[] merged = layout.merged();
        assertEquals(0x110000, layout.start());
        assertEquals(0x7000, merged.length);
        assertEquals((byte) 0xAB, merged[0x5FFF]);
        assertEquals((byte) 0x11, merged[0x6000]);
    }

    @Test
    void mergingOverOtherPartitionsIsRefused() {
        NvsTarget t = NvsTarget.resolve(table(TABLE), null, null, true);
        FlashLayout layout =
                t.layout(DIR.resolve("nvs.bin"), filled(0x6000, 0), DIR.resolve("keys.bin"), filled(0x1000, 0));
        assertEquals(
                "a merged file from 0x9000 to 0x117000 would overwrite 'phy_init' at 0xf000, 'factory' at 0x10000,"
                        + " 'fctry' at 0x110000 with 0xFF; flash the images separately (flash-args file) instead",
                assertThrows(PartitionTableException.class, () -> layout.checkMergeKeeps(t.table()))
                        .getMessage());
    }

    @Test
    void aReadOnlyImageShorterThanItsPartitionMergesWithFill() {
        PartitionTable table = table("nvs,data,nvs,,0x2000,readonly\nk,data,nvs_keys,,4K,encrypted\n");
        NvsTarget t = NvsTarget.resolve(table, null, "k", true);
        FlashLayout layout = t.layout(Path.of("nvs.bin"), filled(0x1000, 0), Path.of("k.bin"), filled(0x1000, 1));
        layout.checkMergeKeeps(table);
        byte[] merged = layout.merged();
        assertEquals(0x3000, merged.length);
        byte[] gap = new byte[0x1000];
        Arrays.fill(gap, (byte) 0xFF);
        assertArrayEquals(gap, Arrays.copyOfRange(merged, 0x1000, 0x2000));
    }

    @Test
    void pathsWithSpacesAreQuotedForShlex() {
        FlashLayout layout = FlashLayout.of(List.of(new FlashImage(0x9000, DIR.resolve("my nvs's.bin"), new byte[16])));
        assertEquals("esptool.py write_flash 0x9000 'my nvs'\"'\"'s.bin'", layout.writeFlashCommand(DIR));
        assertEquals(
                "esptool.py write_flash 0x9000 '"
                        + DIR.resolve("my nvs's.bin").toString().replace("'", "'\"'\"'") + "'",
                layout.writeFlashCommand(DIR.getRoot().resolve("elsewhere")));
    }

    @Test
    void overlappingImagesAreRefused() {
        assertTrue(assertThrows(
                        PartitionTableException.class,
                        () -> FlashLayout.of(List.of(
                                new FlashImage(
                                        0x9000,
                                        Path.of("a.bin"),
                                        filled(0x2000, 0).toByteArray()),
                                new FlashImage(
                                        0xA000,
                                        Path.of("b.bin"),
                                        filled(0x10, 0).toByteArray()))))
                .getMessage()
                .startsWith("b.bin at 0xa000 overlaps a.bin at 0x9000-0xafff"));
    }
}
