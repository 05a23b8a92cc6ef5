package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.partitions.conformance.PartitionTableVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionsCommandTest {
    @TempDir
    Path tmp;

    static Stream<PartitionTableVectors.Case> cases() {
        return PartitionTableVectors.cases();
    }

    private static String[] argv(PartitionTableVectors.Case c, String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(c.args());
        return a.toArray(String[]::new);
    }

    /** Each vector through the command line: CSV → expected.bin, → expected.csv; expected.bin → expected.csv. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conformance(PartitionTableVectors.Case c) throws Exception {
        c.assumePresent();
        Path work = tmp.resolve(c.name());
        CliRun.copyTree(c.dir(), work);
        CliRun toBin = CliRun.in(work, argv(c, "partitions", "partitions.csv", "-o", "out.bin"));
        if (!c.ok()) {
            assertAll(
                    () -> assertEquals(ExitCode.INPUT, toBin.status(), toBin.err()),
                    () -> assertTrue(toBin.err().startsWith("nvsgen partitions: error: partitions.csv:"), toBin.err()),
                    () -> assertEquals(1, toBin.err().strip().lines().count(), toBin.err()),
                    () -> assertTrue(Files.notExists(work.resolve("out.bin"))));
            return;
        }
        assertEquals(0, toBin.status(), toBin.err());
        assertArrayEquals(
                Files.readAllBytes(c.dir().resolve("expected.bin")), Files.readAllBytes(work.resolve("out.bin")));
        String expectedCsv = Files.readString(c.dir().resolve("expected.csv"));
        CliRun toCsv = CliRun.in(work, argv(c, "partitions", "partitions.csv", "--format", "csv"));
        assertEquals(expectedCsv, toCsv.out());
        CliRun decode = CliRun.in(work, argv(c, "partitions", "expected.bin", "-o", "decoded"));
        assertEquals(0, decode.status(), decode.err());
        assertEquals(expectedCsv, Files.readString(work.resolve("decoded")), "binary input converts to CSV by default");
    }

    @Test
    void textAndJson() throws Exception {
        Files.writeString(
                tmp.resolve("p.csv"),
                "nvs,data,nvs,,0x6000\nfactory,app,factory,,1M\nk\"q,data,nvs_keys,,4K,encrypted\n");
        CliRun text = CliRun.in(tmp, "partitions", "p.csv");
        assertEquals(0, text.status(), text.err());
        assertEquals("""
                p.csv: partition table at 0x8000, 3 partitions, flash used up to 0x111000
                Name     Type  SubType   Offset    Size           End       Flags
                nvs      data  nvs       0x9000    0x6000 (24K)   0xf000
                factory  app   factory   0x10000   0x100000 (1M)  0x110000
                k"q      data  nvs_keys  0x110000  0x1000 (4K)    0x111000  encrypted
                """, text.out());
        CliRun json = CliRun.in(tmp, "partitions", "p.csv", "--format", "json");
        assertTrue(
                json.out()
                        .contains(
                                "{\"name\": \"k\\\"q\", \"type\": \"data\", \"typeId\": 1, \"subtype\": \"nvs_keys\","
                                        + " \"subtypeId\": 4, \"offset\": 1114112, \"size\": 4096, \"encrypted\": true, \"readonly\": false}"),
                json.out());
        CliRun jsonFile = CliRun.in(tmp, "partitions", "p.csv", "-o", "p.json");
        assertEquals(json.out(), Files.readString(tmp.resolve("p.json")));
    }

    @Test
    void offsetOptionMovesTheTable() throws Exception {
        Files.writeString(tmp.resolve("p.csv"), "nvs,data,nvs,,0x6000\n");
        CliRun run = CliRun.in(tmp, "partitions", "p.csv", "--offset", "0x10000", "--format", "csv");
        assertTrue(run.out().contains("nvs,data,nvs,0x11000,24K,"), run.out());
    }

    /** As gen_esp32part's argparse: a bare --secure means v1 and never takes the file name as its value. */
    @Test
    void secureTakesAnOptionalVersion() throws Exception {
        Files.writeString(tmp.resolve("s.csv"), "f,app,factory,0x10000,0x11000\n");
        for (String[] args : List.of(
                new String[] {"partitions", "--secure", "s.csv"},
                new String[] {"partitions", "s.csv", "--secure"},
                new String[] {"partitions", "--secure", "v1", "s.csv"})) {
            CliRun run = CliRun.in(tmp, args);
            assertEquals(ExitCode.INPUT, run.status(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().contains("with secure boot V1"), run.err());
        }
        assertEquals(0, CliRun.in(tmp, "partitions", "--secure", "v2", "s.csv").status());
        assertEquals(0, CliRun.in(tmp, "partitions", "--secure=v2", "s.csv").status());
        assertEquals(
                ExitCode.USAGE,
                CliRun.in(tmp, "partitions", "--secure=v3", "s.csv").status());
    }

    @Test
    void binaryToStandardOutputIsRefused() throws Exception {
        Files.writeString(tmp.resolve("p.csv"), "nvs,data,nvs,,0x6000\n");
        CliRun run = CliRun.in(tmp, "partitions", "p.csv", "--format", "bin");
        assertEquals(ExitCode.USAGE, run.status());
        assertEquals("nvsgen partitions: error: --format bin writes binary data: give a file with -o OUT\n", run.err());
    }

    @Test
    void warningsGoToStandardError() throws Exception {
        Files.writeString(tmp.resolve("p.csv"), "app,data,spiffs,,4K\n");
        CliRun run = CliRun.in(tmp, "partitions", "p.csv");
        assertEquals(0, run.status());
        assertTrue(
                run.err()
                        .startsWith(
                                "nvsgen partitions: warning: p.csv:1: partition 'app': the name is a partition type"),
                run.err());
        assertEquals("", CliRun.in(tmp, "partitions", "-q", "p.csv").err());
    }
}
