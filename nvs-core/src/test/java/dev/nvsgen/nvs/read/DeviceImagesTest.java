package dev.nvsgen.nvs.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.FloatText;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Images written by ESP-IDF's own nvs_flash code ({@code ../shared/device-images}): the reader must
 * read exactly the entries nvs_flash read back from each, and find nothing wrong with them.
 */
class DeviceImagesTest {

    static Stream<String> deviceImages() throws IOException {
        Path dir = SharedFixtures.dir("device-images");
        if (!Files.isDirectory(dir)) {
            return Stream.of("(device images absent)");
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceImages")
    void readsWhatNvsFlashReads(String name) throws IOException {
        Path dir = SharedFixtures.folder("device-images").resolve(name);
        byte[] image = Files.readAllBytes(dir.resolve("image.bin"));
        Path keys = dir.resolve("keys.bin");
        NvsImage read = Files.exists(keys)
                ? NvsReader.read(image, new TestXts(Files.readAllBytes(keys)))
                : NvsReader.read(image);

        JsonNode expected =
                new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        Set<String> want = new TreeSet<>();
        for (JsonNode e : expected.get("entries")) {
            String type = e.get("type").asString();
            want.add(row(
                    e.get("namespace").asString(), e.get("key").asString(), type, expectedValue(type, e.get("value"))));
        }
        Set<String> got = new TreeSet<>();
        for (NvsEntry e : read.entries()) {
            got.add(row(e));
        }
        assertEquals(want, got, name + ": entries differ from what nvs_flash read back");
        assertEquals(read.entries().size(), got.size(), "each entry once");
        assertTrue(read.isSound(), () -> name + " should verify clean, but: " + read.findings());
    }

    static String row(String namespace, String key, String type, String value) {
        return namespace + " | " + key + " | " + type + " | " + value;
    }

    /**
     * expected.json's value in the terms {@link #row(NvsEntry)} uses. Floats and doubles are JSON numbers
     * there, to be compared as numbers: read as a double and narrowed to the type, then written in
     * nvsgen's text form, so {@code 0.1} and {@code 0.10000000149011612} name the same float. A string
     * stands for what JSON cannot hold ({@code "nan"}, {@code "inf"}).
     */
    static String expectedValue(String type, JsonNode value) {
        if (value.isNumber() && type.equals("float")) {
            return FloatText.formatFloat(Float.floatToRawIntBits((float) value.asDouble()));
        }
        if (value.isNumber() && type.equals("double")) {
            return FloatText.formatDouble(Double.doubleToRawLongBits(value.asDouble()));
        }
        if (type.equals("float")) {
            return FloatText.formatFloat(FloatText.parseFloat(value.asString()));
        }
        if (type.equals("double")) {
            return FloatText.formatDouble(FloatText.parseDouble(value.asString()));
        }
        return value.asString();
    }

    /** An entry in expected.json's terms: integers in decimal, strings as text, blobs as lowercase hex. */
    static String row(NvsEntry e) {
        String value;
        if (e.value() instanceof NvsValue.IntValue i) {
            value = i.bigValue().toString();
        } else if (e.value() instanceof NvsValue.FloatValue f) {
            value = f.text();
        } else if (e.value() instanceof NvsValue.DoubleValue d) {
            value = d.text();
        } else if (e.value() instanceof NvsValue.StringValue s) {
            value = s.text();
        } else {
            value = ((NvsValue.BlobValue) e.value()).data().hex();
        }
        return row(e.namespace(), e.key(), e.value().type().csvName(), value);
    }
}
