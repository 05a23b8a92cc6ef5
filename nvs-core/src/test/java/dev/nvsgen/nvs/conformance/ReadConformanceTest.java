package dev.nvsgen.nvs.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.nvs.read.TestXts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every valid image of the conformance suite, read back: it must verify clean and hold exactly the
 * entries of the CSV it was made from; plain generated images must also survive the round trip
 * image → partition → image byte for byte.
 */
class ReadConformanceTest {

    static Stream<ConformanceSuite.Case> validImages() {
        return Stream.of("generate", "encrypt", "decrypt", "mfg")
                .flatMap(ConformanceSuite::cases)
                .filter(c -> c.json() == null || c.expect().equals("ok"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validImages")
    void readsBack(ConformanceSuite.Case c) throws IOException {
        c.assumePresent();
        JsonNode args = c.json().get("args");
        switch (c.json().get("kind").asString()) {
            case "generate" -> {
                GenerateConformanceTest.Invocation inv = GenerateConformanceTest.Invocation.parse(c.argv());
                NvsPartition source = EspIdfCsv.read(inv.inputs(c.dir()), inv.version, c.dir());
                byte[] image = Files.readAllBytes(c.dir().resolve("expected.bin"));
                NvsImage read = sound(c.name(), NvsReader.read(image));
                assertEquals(source.entries(), read.entries(), "entries");
                assertEquals(source.namespaces(), read.namespaces(), "namespaces");
                assertEquals(inv.version, read.version(), "format version");
                assertArrayEquals(
                        image, read.toPartition().toImage(PartitionSize.parse(inv.size)), "image → partition → image");
            }
            case "encrypt" -> {
                List<Path> inputs = new ArrayList<>();
                args.get("inputs").forEach(i -> inputs.add(c.dir().resolve(i.asString())));
                FormatVersion version = FormatVersion.of(args.get("version").asInt());
                NvsPartition source = EspIdfCsv.read(inputs, version, c.dir());
                Path keys = args.has("inputkey")
                        ? c.dir().resolve(args.get("inputkey").asString())
                        : c.dir().resolve("expected_keys.bin");
                NvsImage read = sound(
                        c.name(),
                        NvsReader.read(
                                Files.readAllBytes(c.dir().resolve("expected.bin")),
                                new TestXts(Files.readAllBytes(keys))));
                assertEquals(source.entries(), read.entries(), "entries");
            }
            case "decrypt" -> {
                NvsImage plain = NvsReader.read(Files.readAllBytes(c.dir().resolve("expected.bin")));
                NvsImage decrypted = sound(
                        c.name(),
                        NvsReader.read(
                                Files.readAllBytes(
                                        c.dir().resolve(args.get("input").asString())),
                                new TestXts(Files.readAllBytes(
                                        c.dir().resolve(args.get("key").asString())))));
                assertFalse(plain.entries().isEmpty());
                assertEquals(plain.entries(), decrypted.entries(), "entries");
            }
            case "mfg" -> {
                Path bins = c.dir().resolve("expected/bin");
                try (Stream<Path> files = Files.list(bins)) {
                    for (Path bin : files.sorted().toList()) {
                        String name = bin.getFileName().toString().replaceFirst("\\.bin$", "");
                        Path csv = c.dir().resolve("expected/csv/" + name + ".csv");
                        NvsPartition source = EspIdfCsv.read(List.of(csv), FormatVersion.V2, c.dir());
                        NvsImage read = sound(c.name() + "/" + name, NvsReader.read(Files.readAllBytes(bin)));
                        assertEquals(source.entries(), read.entries(), name + ": entries");
                    }
                }
            }
            default -> throw new AssertionError("unexpected case kind in " + c.name());
        }
    }

    private static NvsImage sound(String name, NvsImage image) {
        assertTrue(image.isSound(), () -> name + " should verify clean, but: " + image.findings());
        return image;
    }
}
