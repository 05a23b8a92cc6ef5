package dev.nvsgen.nvs.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every {@code generate} case of the conformance suite, through the library (the CLI has its own test). */
class GenerateConformanceTest {

    static Stream<ConformanceSuite.Case> generateCases() {
        return ConformanceSuite.cases("generate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generateCases")
    void generate(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        Invocation inv = Invocation.parse(c.argv());
        switch (c.expect()) {
            case "ok" -> {
                byte[] image = EspIdfCsv.read(inv.inputs(c.dir()), inv.version, c.dir())
                        .toImage(PartitionSize.parse(inv.size));
                byte[] expected = Files.readAllBytes(c.dir().resolve("expected.bin"));
                assertEquals(expected.length, image.length, "image length");
                assertArrayEquals(expected, image, c.name() + ": image differs from nvs_partition_gen's");
            }
            case "error" -> {
                NvsException e = assertThrows(NvsException.class, () -> {
                    NvsPartition p = EspIdfCsv.read(inv.inputs(c.dir()), inv.version, c.dir());
                    p.toImage(PartitionSize.parse(inv.size));
                });
                assertFalse(e.getMessage().isBlank());
            }
            case "semantic" -> {
                // The reference's bytes carry a defect nvsgen does not copy: read nvsgen's image back instead.
                NvsPartition p = EspIdfCsv.read(inv.inputs(c.dir()), inv.version, c.dir());
                NvsImage read = NvsReader.read(p.toImage(PartitionSize.parse(inv.size)));
                List<String> expected = new ArrayList<>();
                for (JsonNode e : c.json().get("expected_entries")) {
                    expected.add(e.get(0).asString() + "/" + e.get(1).asString() + " "
                            + e.get(2).asString() + " " + e.get(3).asString());
                }
                List<String> actual = new ArrayList<>();
                for (NvsEntry e : read.entries()) {
                    actual.add(e.namespace() + "/" + e.key() + " "
                            + e.value().type().csvName() + " " + ((NvsValue.IntValue) e.value()).bigValue());
                }
                assertEquals(expected, actual, c.name() + ": entries read back");
                assertTrue(read.isSound(), () -> read.findings().toString());
            }
            case "either" -> {
                // A restriction of the reference that nvsgen need not copy: a CLI matter (GenerateCommandTest).
            }
            default -> fail("unknown expect '" + c.expect() + "' in case " + c.name());
        }
    }

    /** The arguments of {@code nvs_partition_gen generate …}. */
    static final class Invocation {
        FormatVersion version = FormatVersion.V2;
        final List<String> positional = new ArrayList<>();
        String size;

        static Invocation parse(List<String> argv) {
            Invocation inv = new Invocation();
            for (int i = 1; i < argv.size(); i++) {
                String a = argv.get(i);
                if (a.equals("--version")) {
                    inv.version = FormatVersion.of(Integer.parseInt(argv.get(++i)));
                } else if (a.equals("--outdir")) {
                    i++;
                } else {
                    inv.positional.add(a);
                }
            }
            inv.size = inv.positional.get(inv.positional.size() - 1);
            return inv;
        }

        List<Path> inputs(Path dir) {
            return positional.subList(0, positional.size() - 2).stream()
                    .map(dir::resolve)
                    .toList();
        }
    }
}
