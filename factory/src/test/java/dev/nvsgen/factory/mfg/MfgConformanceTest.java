package dev.nvsgen.factory.mfg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nvsgen.factory.BatchListener;
import dev.nvsgen.factory.BatchSummary;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.conformance.ConformanceSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every {@code mfg} case of the conformance suite, through the library (the CLI has its own test). */
class MfgConformanceTest {
    @TempDir
    Path out;

    static Stream<ConformanceSuite.Case> mfgCases() {
        return ConformanceSuite.cases("mfg");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mfgCases")
    void mfg(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        JsonNode args = c.json().get("args");
        switch (c.expect()) {
            case "ok" -> {
                BatchSummary done = batch(c, args).check().run(BatchListener.NONE);
                JsonNode outputs = c.json().get("outputs");
                int images = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                outputs.properties().iterator();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> o = it.next();
                    byte[] expected =
                            Files.readAllBytes(c.dir().resolve(o.getValue().asString()));
                    assertArrayEquals(
                            expected,
                            Files.readAllBytes(out.resolve(o.getKey())),
                            c.name() + ": " + o.getKey() + " differs from mfg_gen's");
                    images += o.getKey().startsWith("bin/") ? 1 : 0;
                }
                assertEquals(images, done.devices());
            }
            case "error" -> {
                NvsException e = assertThrows(
                        NvsException.class, () -> batch(c, args).check().run(BatchListener.NONE));
                assertTrue(!e.getMessage().isBlank());
                assertEquals(List.of(), Files.list(out).toList(), "a refused batch writes nothing");
            }
            default -> fail("unknown expect '" + c.expect() + "' in case " + c.name());
        }
    }

    private MfgBatch batch(ConformanceSuite.Case c, JsonNode args) {
        MfgConfig config = MfgConfig.read(
                c.dir().resolve(args.get("conf").asString()), args.get("conf").asString());
        MfgBatch.Builder b = MfgBatch.builder(
                        config,
                        c.dir().resolve(args.get("values").asString()),
                        args.get("prefix").asString(),
                        PartitionSize.parse(args.get("size").asString()))
                .valuesName(args.get("values").asString())
                .outputDir(out, "out")
                .baseDir(c.dir());
        if (args.has("version")) {
            b.version(FormatVersion.of(args.get("version").asInt()));
        }
        if (args.has("fileid")) {
            b.fileId(args.get("fileid").asString());
        }
        if (args.has("prefix_num")) {
            b.prefixNumber(
                    args.get("prefix_num").get(0).asLong(),
                    args.get("prefix_num").get(1).asInt());
        }
        return b.build();
    }
}
