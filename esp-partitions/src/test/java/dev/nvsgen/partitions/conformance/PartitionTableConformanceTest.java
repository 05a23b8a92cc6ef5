package dev.nvsgen.partitions.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every table of the ESP-IDF vectors: byte-exact binary, resolved CSV, round trip, refusals naming the row. */
class PartitionTableConformanceTest {
    private static final Pattern GEN_LINE = Pattern.compile("line (\\d+)");
    private static final Pattern GEN_PARTITION = Pattern.compile("Partition (\\S+) invalid");

    static Stream<PartitionTableVectors.Case> cases() {
        return PartitionTableVectors.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void csvGivesExpectedBinaryAndResolvedCsv(PartitionTableVectors.Case c) throws Exception {
        c.assumePresent();
        byte[] csv = Files.readAllBytes(c.dir().resolve("partitions.csv"));
        if (!c.ok()) {
            PartitionTableException e = assertThrows(
                    PartitionTableException.class, () -> PartitionTable.parse(csv, "partitions.csv", c.options()));
            assertNamesRow(c, e.getMessage());
            return;
        }
        PartitionTable table = PartitionTable.parse(csv, "partitions.csv", c.options());
        byte[] expectedBin = Files.readAllBytes(c.dir().resolve("expected.bin"));
        String expectedCsv = Files.readString(c.dir().resolve("expected.csv"), StandardCharsets.UTF_8);
        assertArrayEquals(expectedBin, table.toBinary(), "binary table");
        assertEquals(expectedCsv, table.toCsv(), "resolved CSV");
        assertEquals(c.warnings().isEmpty(), table.warnings().isEmpty(), "warnings: " + table.warnings());
        // Offsets and sizes as ESP-IDF resolved them, read from its own decoded CSV.
        PartitionTable resolved = PartitionTable.parseCsv(expectedCsv, "expected.csv", c.options());
        assertEquals(resolved.entries(), table.entries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void binaryRoundTrips(PartitionTableVectors.Case c) throws Exception {
        c.assumePresent();
        if (!c.ok()) {
            return;
        }
        byte[] expectedBin = Files.readAllBytes(c.dir().resolve("expected.bin"));
        PartitionTable table = PartitionTable.parse(expectedBin, "expected.bin", c.options());
        assertArrayEquals(expectedBin, table.toBinary());
        assertEquals(Files.readString(c.dir().resolve("expected.csv")), table.toCsv());
        PartitionTable viaCsv = PartitionTable.parseCsv(table.toCsv(), "decoded.csv", c.options());
        assertEquals(table.entries(), viaCsv.entries());
    }

    /** gen_esp32part names a line or a partition; ours must name the file and line, and the partition where gen does. */
    private static void assertNamesRow(PartitionTableVectors.Case c, String message) {
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.startsWith("partitions.csv:"), "names the file and line: " + message);
        Matcher line = GEN_LINE.matcher(c.message());
        if (line.find()) {
            assertTrue(
                    message.startsWith("partitions.csv:" + line.group(1) + ":"),
                    "line " + line.group(1) + ": " + message);
        }
        Matcher partition = GEN_PARTITION.matcher(c.message());
        if (partition.find()) {
            assertTrue(
                    message.contains("'" + partition.group(1) + "'"),
                    "partition " + partition.group(1) + ": " + message);
        }
    }
}
