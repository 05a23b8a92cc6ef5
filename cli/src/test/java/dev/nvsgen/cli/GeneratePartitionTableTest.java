package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableOptions;
import dev.nvsgen.partitions.conformance.PartitionTableVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: partition table + CSV → image sized by the table + flash-args file at the table's offsets. */
class GeneratePartitionTableTest {
    private static final String VALUES =
            "key,type,encoding,value\nfactory,namespace,,\nserial,data,string,SN-0001\n" + "hw_rev,data,u8,3\n";
    private static final String TABLE = "# Name, Type, SubType, Offset, Size, Flags\nnvs,data,nvs,,0x6000\n"
            + "phy_init,data,phy,,0x1000\nfactory,app,factory,,1M\nfctry,data,nvs,,0x4000\n"
            + "fctry_keys,data,nvs_keys,,4K,encrypted\n";

    @TempDir
    Path tmp;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(tmp.resolve("values.csv"), VALUES);
        Files.writeString(tmp.resolve("partitions.csv"), TABLE);
    }

    /** The {@code 0xOFFSET file} lines of a flash-args file, after its options line. */
    private static List<String[]> flashArgs(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertEquals("--flash_mode keep --flash_freq keep --flash_size keep", lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(" ")).toList();
    }

    @Test
    void sizeAndOffsetComeFromTheTable() throws Exception {
        CliRun run = CliRun.in(tmp, "generate", "values.csv", "build/nvs.bin", "--partition-table", "partitions.csv");
        assertEquals(0, run.status(), run.err());
        PartitionEntry nvs = PartitionTable.read(tmp.resolve("partitions.csv"), PartitionTableOptions.defaults())
                .firstNvs()
                .orElseThrow();
        assertEquals(nvs.size(), Files.size(tmp.resolve("build/nvs.bin")));
        List<String[]> args = flashArgs(tmp.resolve("build/nvs.flash_args"));
        assertEquals(1, args.size());
        assertEquals(nvs.offset(), Long.decode(args.get(0)[0]));
        assertEquals("nvs.bin", args.get(0)[1]);
        assertTrue(run.out().contains("  esptool.py write_flash 0x9000 build/nvs.bin\n"), run.out());
        assertTrue(run.out().contains("  cd build && esptool.py write_flash @nvs.flash_args\n"), run.out());
        // The same bytes as with the size given by hand.
        assertEquals(
                0,
                CliRun.in(tmp, "generate", "values.csv", "plain.bin", "0x6000").status());
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("plain.bin")), Files.readAllBytes(tmp.resolve("build/nvs.bin")));
    }

    @Test
    void namedPartitionBinaryTableAndMergedFile() throws Exception {
        assertEquals(
                0,
                CliRun.in(tmp, "partitions", "partitions.csv", "-o", "pt.bin").status());
        CliRun run = CliRun.in(
                tmp,
                "generate",
                "values.csv",
                "fctry.bin",
                "--partition-table",
                "pt.bin",
                "--partition",
                "fctry",
                "--merged",
                "merged.bin");
        assertEquals(0, run.status(), run.err());
        assertEquals(0x4000, Files.size(tmp.resolve("fctry.bin")));
        assertEquals("0x110000", flashArgs(tmp.resolve("fctry.flash_args")).get(0)[0]);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("fctry.bin")), Files.readAllBytes(tmp.resolve("merged.bin")));
        assertTrue(run.out().contains("  esptool.py write_flash 0x110000 fctry.bin\n"), run.out());
        assertTrue(run.out().contains("  esptool.py write_flash @fctry.flash_args\n"), run.out());
    }

    @Test
    void anExplicitSizeMustBeThePartitionsSize() throws Exception {
        CliRun same =
                CliRun.in(tmp, "generate", "values.csv", "nvs.bin", "0x6000", "--partition-table", "partitions.csv");
        assertEquals(0, same.status(), same.err());
        assertEquals(0x6000, Files.size(tmp.resolve("nvs.bin")));
        CliRun small =
                CliRun.in(tmp, "generate", "values.csv", "small.bin", "0x3000", "--partition-table", "partitions.csv");
        assertEquals(ExitCode.INPUT, small.status());
        assertEquals(
                "nvsgen generate: error: partitions.csv:2: partition 'nvs' (data,nvs at 0x9000) is 0x6000 bytes,"
                        + " but SIZE says 0x3000; leave SIZE out to use the partition's size\n",
                small.err());
        assertFalse(Files.exists(tmp.resolve("small.bin")));
        CliRun big =
                CliRun.in(tmp, "generate", "values.csv", "big.bin", "0x7000", "--partition-table", "partitions.csv");
        assertEquals(ExitCode.INPUT, big.status());
        assertEquals(
                "nvsgen generate: error: partitions.csv:2: partition 'nvs' (data,nvs at 0x9000) holds 0x6000 bytes;"
                        + " the image is 0x7000\n",
                big.err());
        assertFalse(Files.exists(tmp.resolve("big.bin")));
        assertFalse(Files.exists(tmp.resolve("big.flash_args")));
    }

    @Test
    void badTablesAndUsage() throws Exception {
        Files.writeString(tmp.resolve("bad.csv"), "nvs,data,nvs,0x9000,0x6000\nphy,data,phy,0xc000,0x1000\n");
        CliRun bad = CliRun.in(tmp, "generate", "values.csv", "o.bin", "--partition-table", "bad.csv");
        assertEquals(ExitCode.INPUT, bad.status());
        assertTrue(
                bad.err().startsWith("nvsgen generate: error: bad.csv:2: partition 'phy': offset 0xc000 overlaps"),
                bad.err());
        CliRun notNvs = CliRun.in(
                tmp,
                "generate",
                "values.csv",
                "o.bin",
                "--partition-table",
                "partitions.csv",
                "--partition",
                "factory");
        assertEquals(
                "nvsgen generate: error: partitions.csv:4: partition 'factory' is app,factory, not data,nvs\n",
                notNvs.err());
        CliRun noTable = CliRun.in(tmp, "generate", "values.csv", "o.bin", "0x3000", "--partition", "nvs");
        assertEquals(ExitCode.USAGE, noTable.status());
        CliRun noSize = CliRun.in(tmp, "generate", "values.csv", "o.bin");
        assertEquals(ExitCode.USAGE, noSize.status());
        assertTrue(noSize.err().contains("SIZE may be left out with --partition-table"), noSize.err());
        assertEquals(List.of("bad.csv", "partitions.csv", "values.csv"), CliRun.files(tmp));
    }

    /** Every valid shared table: the image lands at the offset of the table's first NVS partition. */
    @Test
    void everySharedTable() throws Exception {
        List<PartitionTableVectors.Case> cases = PartitionTableVectors.cases().toList();
        cases.get(0).assumePresent();
        for (PartitionTableVectors.Case c : cases) {
            if (!c.ok()) {
                continue;
            }
            Path table = c.dir().resolve("partitions.csv");
            PartitionEntry nvs =
                    PartitionTable.read(table, c.options()).firstNvs().orElseThrow();
            CliRun run =
                    CliRun.in(tmp, "generate", "values.csv", c.name() + ".bin", "--partition-table", table.toString());
            assertEquals(0, run.status(), c.name() + ": " + run.err());
            assertEquals(nvs.size(), Files.size(tmp.resolve(c.name() + ".bin")), c.name());
            assertEquals(
                    nvs.offset(),
                    Long.decode(flashArgs(tmp.resolve(c.name() + ".flash_args")).get(0)[0]),
                    c.name());
        }
    }
}
