package dev.nvsgen.partitions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionTableTest {
    private static final PartitionTableOptions DEFAULTS = PartitionTableOptions.defaults();

    private static PartitionTable csv(String text) {
        return PartitionTable.parseCsv(text, "partitions.csv", DEFAULTS);
    }

    private static String refusal(String text) {
        return refusal(text, DEFAULTS);
    }

    private static String refusal(String text, PartitionTableOptions options) {
        return assertThrows(
                        PartitionTableException.class, () -> PartitionTable.parseCsv(text, "partitions.csv", options))
                .getMessage();
    }

    private static PartitionEntry entry(String name, int type, int subtype, long offset, long size) {
        return new PartitionEntry(name, type, subtype, offset, size, false, false);
    }

    @Test
    void emptyOffsetsFollowThePreviousPartitionAlignedToTheirType() {
        PartitionTable t =
                csv("nvs,data,nvs,,0x5000\nphy,data,phy,,0x800\nfactory,app,factory,,1M\nst,data,spiffs,,64K\n");
        assertEquals(
                List.of(
                        entry("nvs", 1, 2, 0x9000, 0x5000),
                        entry("phy", 1, 1, 0xE000, 0x800),
                        entry("factory", 0, 0, 0x10000, 0x100000),
                        entry("st", 1, 0x82, 0x110000, 0x10000)),
                t.entries());
    }

    @Test
    void tableOffsetMovesTheFirstPartition() {
        PartitionTable t =
                PartitionTable.parseCsv("nvs,data,nvs,,0x6000\n", "p.csv", DEFAULTS.withTableOffset(0x10000));
        assertEquals(0x11000, t.entries().get(0).offset());
        assertEquals(0x10000, t.tableOffset());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0x6000|24576",
                "24K|24576",
                "24k|24576",
                "24 K|24576",
                "1M|1048576",
                "0x_6000|24576",
                "24_576|24576",
                "0o60000|24576",
                "0X6000|24576",
                "+0x6000|24576"
            })
    void sizesArePythonIntegersWithKOrMSuffix(String size, long bytes) {
        assertEquals(bytes, csv("nvs,data,nvs,," + size + "\n").entries().get(0).size());
    }

    @Test
    void negativeSizeMeansUpToThatAddress() {
        PartitionTable t = csv("nvs,data,nvs,,0x6000\nfactory,app,factory,,-0x200000\n");
        assertEquals(0x1F0000, t.entries().get(1).size());
    }

    @Test
    void anEmptySubtypeOnACustomTypeIsUndefinedAsGenEsp32partReadsIt() {
        // gen_esp32part.py's parse_subtype: empty means data's 'undefined' (6) for every type but app.
        PartitionTable t = csv("esp_secure_cert,0x3F,,0xD000,0x2000,encrypted\nx,0x40,,,0x1000\n");
        assertEquals(
                List.of(6, 6), t.entries().stream().map(PartitionEntry::subtype).toList());
        assertEquals(0x3F, t.entries().get(0).type());
    }

    @Test
    void namesAndNumbersForTypesCaseInsensitiveNames() {
        PartitionTable t = csv("a,DATA,NVS,,0x6000\nb,1,0x82,,0x1000\nc,0x40,7,,0x1000\nd,data,,,0x1000\n");
        assertEquals(
                List.of(2, 0x82, 7, 6),
                t.entries().stream().map(PartitionEntry::subtype).toList());
        assertEquals(
                "# ESP-IDF Partition Table\n# Name, Type, SubType, Offset, Size, Flags\n"
                        + "a,data,nvs,0x9000,24K,\nb,data,spiffs,0xf000,4K,\nc,64,7,0x10000,4K,\n"
                        + "d,data,undefined,0x11000,4K,\n",
                t.toCsv());
    }

    @Test
    void flagsAndCommentsAndShortLines() {
        PartitionTable t = csv("# comment\n\n  # indented comment\r\nk,data,nvs_keys,,4K,encrypted\r\n"
                + "ro,data,nvs,,0x1000,readonly:encrypted\nshort,data,spiffs,,4K");
        assertTrue(t.entries().get(0).encrypted());
        assertTrue(t.entries().get(1).readonly() && t.entries().get(1).encrypted());
        assertEquals("encrypted:readonly", t.entries().get(1).flagsText());
        assertEquals(3, t.entries().size());
    }

    @Test
    void variablesExpandAndAnUnsetOneAtTheStartOfALineIsRefused() {
        PartitionTableOptions o = DEFAULTS.withVariables(Map.of("NVS_SIZE", "0x6000"));
        assertEquals(
                0x6000,
                PartitionTable.parseCsv("nvs,data,nvs,,$NVS_SIZE\n", "p.csv", o)
                        .entries()
                        .get(0)
                        .size());
        assertEquals(
                "partitions.csv:2: unknown variable '$PART' (not set in the environment)",
                refusal("# x\n$PART,data,nvs,,0x6000\n"));
    }

    @Test
    void overlapNamesBothRows() {
        assertEquals(
                "partitions.csv:2: partition 'phy': offset 0xc000 overlaps the partition above it, 'nvs' (line 1),"
                        + " which ends at 0xf000",
                refusal("nvs,data,nvs,0x9000,0x6000\nphy,data,phy,0xc000,0x1000\n"));
        assertEquals(
                "partitions.csv:1: partition 'nvs': offset 0x8000 overlaps the partition table, which occupies the"
                        + " sector at 0x8000; use 0x9000 or higher",
                refusal("nvs,data,nvs,0x8000,0x6000\n"));
    }

    @Test
    void overlapInABinaryTableNamesBothEntries() {
        byte[] bin = PartitionTable.of(
                        List.of(entry("a", 1, 2, 0x9000, 0x6000), entry("b", 1, 1, 0x10000, 0x1000)), DEFAULTS)
                .toBinary();
        bin[32 + 4 + 1] = (byte) 0xC0; // b now at 0xc000 (little-endian 00 c0 00 00)
        bin[32 + 4 + 2] = 0;
        fixMd5(bin, 2);
        String m = assertThrows(
                        PartitionTableException.class, () -> PartitionTable.parseBinary(bin, "pt.bin", DEFAULTS))
                .getMessage();
        assertEquals(
                "pt.bin: entry 2 (byte 0x20): partition 'b': at 0xc000 it overlaps partition 'a'"
                        + " (pt.bin: entry 1 (byte 0x0)) at 0x9000-0xefff",
                m);
    }

    @Test
    void misalignedOffsetsAndSizes() {
        assertEquals(
                "partitions.csv:2: partition 'factory': offset 0x18000 is not aligned to 0x10000"
                        + " (app partitions start on a 64 KB boundary)",
                refusal("nvs,data,nvs,0x9000,0x6000\nfactory,app,factory,0x18000,1M\n"));
        assertEquals(
                "partitions.csv:1: partition 'nvs': offset 0x9800 is not aligned to 0x1000"
                        + " (partitions start on a 4 KB flash sector)",
                refusal("nvs,data,nvs,0x9800,0x6000\n"));
        assertTrue(refusal("f,app,factory,0x10000,0x10800\n").contains("size 0x10800 is not a multiple of 0x1000"));
        assertTrue(refusal("f,app,factory,0x10000,0x11000\n", DEFAULTS.withSecureBoot(SecureBoot.V1))
                .contains("with secure boot V1"));
        csv("f,app,factory,0x10000,0x11000\n"); // fine without secure boot
    }

    @Test
    void unknownTypesSubtypesFlagsAndBadNumbers() {
        assertEquals(
                "partitions.csv:1: partition 'x': unknown type 'dta'; known: bootloader, partition_table, app, data,"
                        + " or a number",
                refusal("x,dta,nvs,,0x1000\n"));
        assertEquals(
                "partitions.csv:1: partition 'x': unknown subtype 'nvx'; known: ota, phy, nvs, coredump, nvs_keys,"
                        + " efuse, undefined, esphttpd, fat, spiffs, littlefs, tee_ota, or a number",
                refusal("x,data,nvx,,0x1000\n"));
        assertTrue(refusal("x,app,bogus,,1M\n").contains("factory, test, ota_0…ota_15, tee_0, tee_1"));
        assertEquals(
                "partitions.csv:1: partition 'x': type '0x100' is 256; it must be between 0 and 255 (0xff)",
                refusal("x,0x100,0,,0x1000\n"));
        assertEquals(
                "partitions.csv:1: partition 'x': unknown flag 'secure' (known: encrypted, readonly)",
                refusal("x,data,nvs,,0x3000,secure\n"));
        assertEquals(
                "partitions.csv:1: partition 'x': size '0x3000q' is not a number (e.g. 0x6000, 24576, 24K or 1M)",
                refusal("x,data,nvs,,0x3000q\n"));
        assertTrue(refusal("x,data,nvs,010,0x3000\n").contains("offset '010' is not a number"));
        assertEquals("partitions.csv:1: partition 'x': the size column is empty", refusal("x,data,nvs\n"));
        assertEquals("partitions.csv:1: partition 'x': the type column is empty", refusal("x\n"));
        assertEquals(
                "partitions.csv:1: partition 'x': an app partition needs a subtype (factory, ota_0 …)",
                refusal("x,app,,,1M\n"));
    }

    @Test
    void duplicateNamesAndOtadataRules() {
        assertEquals(
                "partitions.csv:3: partition 'nvs': the name is already used by partitions.csv:1; partition names"
                        + " must be unique",
                refusal("nvs,data,nvs,,0x6000\nphy,data,phy,,0x1000\nnvs,data,nvs,,0x6000\n"));
        assertTrue(refusal("o,data,ota,,0x3000\n").contains("an otadata partition must be 0x2000 bytes, not 0x3000"));
        assertTrue(refusal("o,data,ota,,0x2000\np,data,ota,,0x2000\n")
                .startsWith("partitions.csv:2: partition 'p': a second otadata partition"));
    }

    @Test
    void readOnlyRules() {
        assertTrue(refusal("small,data,nvs,,0x2000\n").contains("must be flagged readonly"));
        csv("small,data,nvs,,0x2000,readonly\n");
        assertTrue(refusal("cd,data,coredump,,64K,readonly\n").contains("always read-write"));
    }

    @Test
    void flashSizeAndTableCapacity() {
        assertTrue(refusal("f,app,factory,,0x400000\n", DEFAULTS.withFlashSize(4L << 20))
                .contains("ends at 0x410000, beyond the flash size 0x400000 (4MB)"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 95; i++) {
            many.append("p").append(i).append(",data,spiffs,,4K\n");
        }
        assertTrue(refusal(many.toString()).contains("the table has 95 partitions; its binary form holds at most 94"));
        assertEquals(
                95,
                PartitionTable.parseCsv(many.toString(), "p.csv", DEFAULTS.withMd5(false))
                        .entries()
                        .size());
    }

    @Test
    void bootloaderAndPartitionTableRowsTakeTheirPlaceFromTheOptions() {
        PartitionTableOptions o = DEFAULTS.withPrimaryBootloaderOffset(0x1000);
        PartitionTable t = PartitionTable.parseCsv(
                "bl,bootloader,primary,,\npt,partition_table,primary,,\nnvs,data,nvs,,0x6000\n", "p.csv", o);
        assertEquals(
                List.of(
                        entry("bl", 2, 0, 0x1000, 0x7000),
                        entry("pt", 3, 0, 0x8000, 0x1000),
                        entry("nvs", 1, 2, 0x9000, 0x6000)),
                t.entries());
        assertTrue(refusal("bl,bootloader,primary,,\n").contains("--primary-bootloader-offset"));
    }

    @Test
    void longNamesAreCutTo16BytesWithAWarning() {
        PartitionTable t = csv("a_very_long_partition_name,data,spiffs,,4K\n");
        assertEquals("a_very_long_part", t.entries().get(0).name());
        assertEquals(1, t.warnings().size());
        assertTrue(t.warnings().get(0).startsWith("partitions.csv:1: partition 'a_very_long_partition_name'"));
    }

    @Test
    void namesThatLookLikeOtherTypesWarn() {
        assertEquals(1, csv("app,data,spiffs,,4K\n").warnings().size());
        assertEquals(1, csv("ota_0,data,spiffs,,4K\n").warnings().size());
        assertEquals(List.of(), csv("nvs,data,nvs,,0x6000\n").warnings());
    }

    @Test
    void binaryTablesCheckTheirMd5AndEndMarker() {
        byte[] bin = csv("nvs,data,nvs,,0x6000\nfactory,app,factory,,1M\n").toBinary();
        assertEquals(PartitionTable.BINARY_LENGTH, bin.length);
        bin[0x40 + 20] ^= 1;
        assertEquals(
                "pt.bin: entry 3 (byte 0x40): MD5 row does not match the rows before it",
                assertThrows(PartitionTableException.class, () -> PartitionTable.parseBinary(bin, "pt.bin", DEFAULTS))
                        .getMessage()
                        .replaceAll(": expected .*", ""));
        bin[0x40 + 20] ^= 1;
        byte[] noEnd = java.util.Arrays.copyOf(bin, 0x60);
        assertTrue(
                assertThrows(PartitionTableException.class, () -> PartitionTable.parseBinary(noEnd, "pt.bin", DEFAULTS))
                        .getMessage()
                        .contains("no end marker"));
        bin[0x20] = 0x55;
        assertEquals(
                "pt.bin: entry 2 (byte 0x20): not a partition row: magic bytes are 55 50, expected aa 50",
                assertThrows(PartitionTableException.class, () -> PartitionTable.parseBinary(bin, "pt.bin", DEFAULTS))
                        .getMessage());
    }

    @Test
    void binaryWithoutMd5RowIsAcceptedAndWrittenBackWithoutOneWhenAsked() {
        PartitionTableOptions noMd5 = DEFAULTS.withMd5(false);
        byte[] bin = PartitionTable.parseCsv("nvs,data,nvs,,0x6000\n", "p.csv", noMd5)
                .toBinary();
        assertEquals((byte) 0xFF, bin[0x20]);
        assertEquals(
                1, PartitionTable.parseBinary(bin, "pt.bin", DEFAULTS).entries().size());
        assertArrayEquals(bin, PartitionTable.parseBinary(bin, "pt.bin", noMd5).toBinary());
    }

    @Test
    void readTellsBinaryFromCsvAndHonoursByteOrderMarks() {
        String text = "nvs,data,nvs,,0x6000\n";
        PartitionTable plain = PartitionTable.parse(text.getBytes(StandardCharsets.UTF_8), "p.csv", DEFAULTS);
        byte[] bom = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        assertEquals(plain, PartitionTable.parse(bom, "p.csv", DEFAULTS));
        assertEquals(
                plain, PartitionTable.parse(("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE), "p.csv", DEFAULTS));
        assertEquals(plain, PartitionTable.parse(plain.toBinary(), "p.bin", DEFAULTS));
        assertTrue(assertThrows(
                        PartitionTableException.class,
                        () -> PartitionTable.parse(new byte[] {(byte) 0xC3, 0x28}, "p.csv", DEFAULTS))
                .getMessage()
                .startsWith("p.csv: neither a binary partition table"));
    }

    @Test
    void lookups() {
        PartitionTable t = csv("nvs,data,nvs,,0x6000\nfactory,app,factory,,1M\nfctry,data,nvs,,0x6000\n"
                + "nvs_keys,data,nvs_keys,,4K,encrypted\n");
        assertEquals("nvs", t.firstNvs().orElseThrow().name());
        assertEquals(0x110000, t.byName("fctry").orElseThrow().offset());
        assertEquals(
                List.of("nvs_keys"),
                t.nvsKeys().stream().map(PartitionEntry::name).toList());
        assertEquals("partitions.csv:3", t.origin(t.byName("fctry").orElseThrow()));
        assertEquals(0x117000, t.flashEnd());
    }

    /** Recomputes the MD5 row after {@code rows} rows were edited. */
    static void fixMd5(byte[] bin, int rows) {
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(java.util.Arrays.copyOf(bin, rows * 32));
            System.arraycopy(md5, 0, bin, rows * 32 + 16, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
