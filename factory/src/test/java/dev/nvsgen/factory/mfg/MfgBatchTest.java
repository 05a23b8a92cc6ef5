package dev.nvsgen.factory.mfg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.factory.DeviceRecord;
import dev.nvsgen.factory.OutputExistsException;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.csv.EspIdfRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MfgBatchTest {
    private static final PartitionSize SIZE = PartitionSize.parse("0x3000");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private MfgBatch.Builder batch(String config, String values) throws IOException {
        return MfgBatch.builder(MfgConfig.parse(config, "config.csv"), write("values.csv", values), "P", SIZE)
                .valuesName("values.csv")
                .outputDir(dir.resolve("out"), "out")
                .baseDir(dir);
    }

    private List<DeviceRecord> run(MfgBatch.Builder b) {
        List<DeviceRecord> records = new ArrayList<>();
        b.build().check().run(records::add);
        return records;
    }

    private String csv(String name) throws IOException {
        return Files.readString(dir.resolve("out/csv/" + name + ".csv"));
    }

    @Test
    void anUnfinishedRunIsReportedInTheCallersWords() throws IOException {
        String config = "ns,namespace,\nserial,data,string\n";
        write("out/P-progress.csv", "anything\n");
        MfgBatch.Builder api = batch(config, "serial\nA\n");
        Exception e = assertThrows(Exception.class, () -> api.build().check());
        assertEquals(
                "out/P-progress.csv records an unfinished run of P: resume(true) finishes it, overwrite(true)"
                        + " starts over",
                e.getMessage());
        MfgBatch.Builder cli = batch(config, "serial\nA\n").remedyNames("--resume", "--force");
        e = assertThrows(Exception.class, () -> cli.build().check());
        assertEquals(
                "out/P-progress.csv records an unfinished run of P: --resume finishes it, --force starts over",
                e.getMessage());
    }

    @Test
    void repeatTakesTheFirstDevicesValueAndColumnsMayComeInAnyOrder() throws IOException {
        String config = "ns,namespace,\nserial,data,string\nrev,data,u8,REPEAT\n";
        run(batch(config, "rev,unused,serial\n7,x,A\n9,y,B\n,z,C\n"));
        assertEquals(
                "key,type,encoding,value\r\nns,namespace,,\r\nserial,data,string,A\r\nrev,data,u8,7\r\n", csv("P-1"));
        assertTrue(
                csv("P-2").endsWith("serial,data,string,B\r\nrev,data,u8,7\r\n"), "REPEAT replaces a given value too");
        assertTrue(csv("P-3").endsWith("rev,data,u8,7\r\n"));
    }

    @Test
    void fileIdAndPrefixNumberNameTheFilesAsMfgGenDoes() throws IOException {
        String config = "ns,namespace,\nserial,data,string\n";
        List<DeviceRecord> records =
                run(batch(config, "serial\nSN-a\nSN-b\n").fileId("serial").prefixNumber(98, 3));
        assertEquals(
                List.of("SN-a", "SN-b"), records.stream().map(DeviceRecord::id).toList());
        assertTrue(Files.exists(dir.resolve("out/bin/P-098-SN-a.bin")));
        assertTrue(Files.exists(dir.resolve("out/bin/P-099-SN-b.bin")));
        assertTrue(Files.exists(dir.resolve("out/csv/P-099-SN-b.csv")));
        run(batch(config, "serial\nx\n").prefixNumber(-5, 3).intermediateCsv(false));
        assertTrue(Files.exists(dir.resolve("out/bin/P--05-1.bin")), "Python pads -5 to 3 digits as -05");
        assertFalse(Files.exists(dir.resolve("out/csv/P--05-1.csv")));
    }

    @Test
    void i16AndEveryNvsPartitionGenEncodingAreAccepted() throws IOException {
        String config = "ns,namespace,\na,data,i16\nb,data,blob_fill(8;0xAA)\n";
        run(batch(config, "a,b\n-32768,abc\n"));
        NvsPartition p = readBack("P-1");
        assertEquals(2, p.entries().size());
    }

    @Test
    void quotedValuesRoundTripThroughTheDeviceCsv() throws IOException {
        String config = "ns,namespace,\ns,data,string\nt,data,string\n";
        run(batch(config, "s,t\n\"a,b \"\"c\"\"\",#not a comment\n"));
        assertEquals(
                "key,type,encoding,value\r\nns,namespace,,\r\ns,data,string,\"a,b \"\"c\"\"\"\r\n"
                        + "t,data,string,#not a comment\r\n",
                csv("P-1"));
        assertArrayEquals(readBack("P-1").toImage(SIZE), Files.readAllBytes(dir.resolve("out/bin/P-1.bin")));
    }

    /**
     * A value with a line break reaches nvs_partition_gen through the CSV mfg_gen writes, where a line of
     * it that starts with {@code #} is a comment; nvsgen gives the same image.
     */
    @Test
    void multiLineValuesFollowTheCsvNvsPartitionGenReads() throws IOException {
        String config = "ns,namespace,\ns,data,string\n";
        run(batch(config, "s\n\"first\n#second\nthird\"\n"));
        NvsPartition viaCsv = readBack("P-1");
        assertEquals(
                "first\nthird",
                ((dev.nvsgen.nvs.NvsValue.StringValue) viaCsv.entries().get(0).value()).text());
        assertArrayEquals(viaCsv.toImage(SIZE), Files.readAllBytes(dir.resolve("out/bin/P-1.bin")));
    }

    @Test
    void badValueNamesValuesFileLineAndColumn() throws IOException {
        String config = "ns,namespace,\nserial,data,string\nrev,data,u8\n";
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> run(batch(config, "serial,rev\nA,1\n\nB,300\nC,2\n")));
        assertEquals("values.csv:4: column 2: key 'rev': value 300 is out of range for u8 (0 to 255)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "found before the first image is written");
    }

    @Test
    void missingFileNamesValuesFileLineAndColumn() throws IOException {
        String config = "ns,namespace,\ncert,file,binary\n";
        write("files/a.der", "A");
        NvsInputException e = assertThrows(
                NvsInputException.class, () -> run(batch(config, "cert\nfiles/a.der\nfiles/missing.der\n")));
        assertEquals("values.csv:3: column 1: key 'cert': file 'files/missing.der' does not exist", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "found before the first image is written");
    }

    /** A file's content is only read by the run: a bad one stops it there, the images before it kept. */
    @Test
    void badFileContentStopsTheRunAtThatDevice() throws IOException {
        String config = "ns,namespace,\nblob,file,hex2bin\n";
        write("files/good.hex", "0102");
        write("files/bad.hex", "01x2");
        List<DeviceRecord> records = new ArrayList<>();
        MfgBatch.Plan plan = batch(config, "blob\nfiles/good.hex\nfiles/good.hex\nfiles/bad.hex\nfiles/good.hex\n")
                .threads(1)
                .build()
                .check();
        NvsInputException e = assertThrows(NvsInputException.class, () -> plan.run(records::add));
        assertEquals(
                "values.csv:4: column 1: key 'blob': hex2bin value has 'x' at position 3, which is not a hex digit",
                e.getMessage());
        assertEquals(
                List.of("1", "2"),
                records.subList(0, 2).stream().map(DeviceRecord::id).toList());
        assertFalse(Files.exists(dir.resolve("out/bin/P-3.bin")));
    }

    @Test
    void dataThatDoesNotFitNamesTheDevice() throws IOException {
        String config = "ns,namespace,\nblob,data,hex2bin\n";
        NvsInputException e = assertThrows(
                NvsInputException.class, () -> run(batch(config, "blob\n00\n" + "ab".repeat(9000) + "\n")));
        assertTrue(e.getMessage().startsWith("values.csv:3: device P-2: data does not fit"), e.getMessage());
    }

    @Test
    void shapeErrorsAreFoundBeforeAnythingIsWritten() throws IOException {
        String config = "ns,namespace,\na,data,u8\nb,data,u8\n";
        assertEquals(
                "config.csv:3: key 'b' has no column in values.csv (header at line 1)",
                assertThrows(
                                NvsInputException.class,
                                () -> batch(config, "a\n1\n").build().check())
                        .getMessage());
        assertEquals(
                "values.csv:4: the row has 1 value but the header has 2 columns",
                assertThrows(
                                NvsInputException.class,
                                () -> batch(config, "a,b\n1,2\n3,4\n5\n")
                                        .build()
                                        .check())
                        .getMessage());
        assertEquals(
                "values.csv:3: the device name P-5 is already that of line 2; every device needs its own name"
                        + " (check the 'a' column)",
                assertThrows(
                                NvsInputException.class,
                                () -> batch(config, "a,b\n5,2\n5,4\n")
                                        .fileId("a")
                                        .build()
                                        .check())
                        .getMessage());
        assertEquals(
                "values.csv:1: the header has no column 'serial' to name the devices by",
                assertThrows(
                                NvsInputException.class,
                                () -> batch(config, "a,b\n1,2\n")
                                        .fileId("serial")
                                        .build()
                                        .check())
                        .getMessage());
        assertEquals(
                "values.csv:2: column 1 ('a'): the device id 'x/y' cannot be part of a file name (it has a slash,"
                        + " backslash or NUL)",
                assertThrows(
                                NvsInputException.class,
                                () -> batch(config, "a,b\nx/y,2\n")
                                        .fileId("a")
                                        .build()
                                        .check())
                        .getMessage());
        assertEquals(
                "values.csv: has a header but no device rows",
                assertThrows(
                                NvsInputException.class,
                                () -> batch(config, "a,b\n\n").build().check())
                        .getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void configErrorsNameTheLine() {
        assertEquals(
                "config.csv:2: key 'k': unknown type 'date' (expected namespace, data or file)",
                assertThrows(NvsInputException.class, () -> MfgConfig.parse("n,namespace,\nk,date,u8\n", "config.csv"))
                        .getMessage());
        assertTrue(assertThrows(
                        NvsInputException.class, () -> MfgConfig.parse("n,namespace,\n\nk,data,u9\n", "config.csv"))
                .getMessage()
                .startsWith("config.csv:3: key 'k': unknown encoding 'u9'"));
        assertEquals(
                "config.csv:1: key 'k' comes before any namespace; the first row must be NAME,namespace,",
                assertThrows(NvsInputException.class, () -> MfgConfig.parse("k,data,u8\n", "config.csv"))
                        .getMessage());
        assertEquals(
                "config.csv:2: key 'k': the fourth column is 'REPAET'; it may only be REPEAT",
                assertThrows(
                                NvsInputException.class,
                                () -> MfgConfig.parse("n,namespace,\nk,data,u8,REPAET\n", "config.csv"))
                        .getMessage());
        assertEquals(
                "config.csv:2: key 'a_key_of_16_chrs' is 16 bytes in UTF-8; at most 15 fit",
                assertThrows(
                                NvsInputException.class,
                                () -> MfgConfig.parse("n,namespace,\na_key_of_16_chrs,data,u8\n", "config.csv"))
                        .getMessage());
    }

    @Test
    void existingOutputsAreRefusedUpFrontUnlessOverwriting() throws IOException {
        String config = "ns,namespace,\na,data,u8\n";
        write("out/bin/P-2.bin", "old");
        OutputExistsException e = assertThrows(
                OutputExistsException.class,
                () -> batch(config, "a\n1\n2\n").build().check());
        assertEquals("out/bin/P-2.bin already exists (the device of values.csv:3); not replacing it", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/bin/P-1.bin")));
        run(batch(config, "a\n1\n2\n").overwrite(true));
        assertEquals(SIZE.bytes(), Files.size(dir.resolve("out/bin/P-2.bin")));
    }

    @Test
    void nothingIsWrittenNextToTheInputs() throws IOException {
        String config = "ns,namespace,\na,data,u8,REPEAT\n";
        run(batch(config, "a\n1\n\n2\n"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("out", "values.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void versionOneImages() throws IOException {
        String config = "ns,namespace,\nb,data,hex2bin\n";
        run(batch(config, "b\n0102\n").version(FormatVersion.V1));
        assertEquals((byte) 0xFF, Files.readAllBytes(dir.resolve("out/bin/P-1.bin"))[8], "version 1 header byte");
    }

    /** What nvs_partition_gen would make of the CSV the batch wrote for {@code name}. */
    private NvsPartition readBack(String name) throws IOException {
        NvsPartition.Builder b = NvsPartition.builder();
        EspIdfCsv.readInto(
                new EspIdfRows(b, dir),
                name + ".csv",
                new String(Files.readAllBytes(dir.resolve("out/csv/" + name + ".csv")), StandardCharsets.UTF_8));
        return b.build();
    }

    @Test
    void libraryErrorsAreNvsExceptions() {
        assertThrows(
                NvsException.class, () -> batch("ns,namespace,\n", "a\n1\n").prefixNumber(1, -1));
    }

    @Test
    void aPlanHoldsTheFolderUntilItRunsOrCloses() throws IOException {
        String config = "ns,namespace,\nserial,data,string\n";
        MfgBatch.Plan first = batch(config, "serial\nA\n").build().check();
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> batch(config, "serial\nA\n").build().check());
        assertTrue(
                e.getMessage().startsWith("out: another nvsgen run is writing to this folder (pid "), e.getMessage());
        first.close();
        run(batch(config, "serial\nA\n"));
        assertTrue(Files.notExists(dir.resolve("out/.nvsgen.lock")));
        assertTrue(Files.notExists(dir.resolve("out/P-progress.csv")), "a finished run leaves no progress file");
    }

    @Test
    void aResumeReportsKeptDevicesInOrderAndMakesOnlyTheRest() throws IOException {
        String config = "ns,namespace,\nserial,data,string\n";
        String values = "serial\nA\nB\nC\nD\nE\nF\nG\nH\nI\nJ\nK\nL\n";
        List<DeviceRecord> whole = run(batch(config, values).outputDir(dir.resolve("whole"), "whole"));
        // A run stopped at device 2 (its listener fails there): 2 and those already under way are recorded.
        List<String> seen = new ArrayList<>();
        assertThrows(
                IllegalStateException.class,
                () -> batch(config, values).threads(1).build().check().run(r -> {
                    seen.add(r.id());
                    if (seen.size() == 2) {
                        throw new IllegalStateException("stop");
                    }
                }));
        assertTrue(Files.exists(dir.resolve("out/P-progress.csv")));
        assertThrows(
                OutputExistsException.class, () -> batch(config, values).build().check());

        MfgBatch.Plan plan = batch(config, values).resume(true).build().check();
        assertTrue(plan.resuming());
        assertTrue(plan.kept() >= 2 && plan.kept() < 12, "kept " + plan.kept());
        List<DeviceRecord> resumed = new ArrayList<>();
        plan.run(resumed::add);
        assertEquals(
                whole.stream().map(r -> r.id() + " " + r.imageSha256()).toList(),
                resumed.stream().map(r -> r.id() + " " + r.imageSha256()).toList());
        assertTrue(Files.notExists(dir.resolve("out/P-progress.csv")));
    }
}
