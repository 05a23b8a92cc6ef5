package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.FloatText;
import dev.nvsgen.nvs.conformance.ConformanceSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code dump} and {@code verify}: what they print and the exit statuses they promise. */
class DumpVerifyCommandTest {
    private static final String CSV = "key,type,encoding,value\n"
            + "app,namespace,,\n"
            + "boot,data,u8,1\n"
            + "host,data,string,\"broker, \"\"main\"\"\nline 2\"\n"
            + "cal,data,hex2bin," + "ab".repeat(100) + "\n"
            + "big,data,i64,-9223372036854775808\n";

    @TempDir
    Path tmp;

    private Path image() {
        Path csv = tmp.resolve("in.csv");
        write(csv, CSV);
        CliRun run = CliRun.in(tmp, "generate", "in.csv", "nvs.bin", "0x4000");
        assertEquals(0, run.status(), run.err());
        return tmp.resolve("nvs.bin");
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        return new ObjectMapper().readTree(text);
    }

    private static Set<String> rows(JsonNode entries) {
        Set<String> out = new TreeSet<>();
        for (JsonNode e : entries) {
            String type = e.get("type").asString();
            out.add(e.get("namespace").asString() + " | " + e.get("key").asString() + " | " + type + " | "
                    + value(type, e.get("value")));
        }
        return out;
    }

    /**
     * A value as text; floats and doubles compared as numbers of their type (a JSON number narrowed to
     * the type, or the string JSON uses for NaN and infinities), in nvsgen's text form.
     */
    private static String value(String type, JsonNode v) {
        return switch (type) {
            case "float" ->
                FloatText.formatFloat(
                        v.isNumber()
                                ? Float.floatToRawIntBits((float) v.asDouble())
                                : FloatText.parseFloat(v.asString()));
            case "double" ->
                FloatText.formatDouble(
                        v.isNumber() ? Double.doubleToRawLongBits(v.asDouble()) : FloatText.parseDouble(v.asString()));
            default -> v.asString();
        };
    }

    @Test
    void textShowsNamespacesKeysTypesValuesAndPages() {
        image();
        CliRun run = CliRun.in(tmp, "dump", "nvs.bin");
        assertEquals(0, run.status(), run.err());
        String out = run.out();
        assertTrue(
                out.startsWith("nvs.bin: NVS format version 2, 4 pages, 4 entries in 1 namespace, no problems"), out);
        assertTrue(out.contains("namespace app\n"), out);
        assertTrue(out.contains("  boot  u8      1\n"), out);
        assertTrue(out.contains("  host  string  \"broker, \\\"main\\\"\\nline 2\"\n"), out);
        assertTrue(out.contains("  cal   blob    100 bytes: " + "ab".repeat(24) + "... (--full shows all)\n"), out);
        assertTrue(out.contains("\n   0  ACTIVE          0        2       11       0    115\n"), out);
        assertTrue(CliRun.in(tmp, "dump", "--full", "nvs.bin").out().contains("100 bytes: " + "ab".repeat(100) + "\n"));
    }

    @Test
    void jsonHasAnEntriesArrayOfTypedValues() {
        image();
        CliRun run = CliRun.in(tmp, "dump", "nvs.bin", "--format", "json");
        assertEquals(0, run.status(), run.err());
        JsonNode root = json(run.out());
        JsonNode entries = root.get("entries");
        assertEquals(4, entries.size());
        assertEquals(1, entries.get(0).get("value").asInt());
        assertTrue(entries.get(0).get("value").isNumber());
        assertEquals("broker, \"main\"\nline 2", entries.get(1).get("value").asString());
        assertEquals("ab".repeat(100), entries.get(2).get("value").asString());
        assertEquals("-9223372036854775808", entries.get(3).get("value").asString());
        assertEquals(4, root.get("pages").size());
        assertEquals(0, root.get("findings").size());
    }

    @Test
    void csvGeneratesTheSameImage() throws IOException {
        Path original = image();
        CliRun run = CliRun.in(tmp, "dump", "nvs.bin", "--format", "csv");
        assertEquals(0, run.status(), run.err());
        write(tmp.resolve("back.csv"), run.out());
        assertEquals(
                0, CliRun.in(tmp, "generate", "back.csv", "back.bin", "0x4000").status());
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(tmp.resolve("back.bin")));
    }

    private static final String FLOATS = "key,type,encoding,value\n"
            + "cal,namespace,,\n"
            + "half,data,float,0.5\n"
            + "tenth,data,float,0.1\n"
            + "pi,data,double,3.141592653589793\n"
            + "nzero,data,double,-0.0\n"
            + "sub,data,float,1e-45\n"
            + "max,data,double,1.7976931348623157e308\n"
            + "ninf,data,float,-inf\n"
            + "nan,data,double,nan\n"
            + "payload,data,float,-nan(0x1)\n"
            + "signal,data,double,snan(0x2a)\n"
            + "hex,data,float,0x1.8p1\n";

    @Test
    void floatsAndDoublesDumpAsNumbersAndRebuildTheSameImage() throws IOException {
        write(tmp.resolve("f.csv"), FLOATS);
        assertEquals(0, CliRun.in(tmp, "generate", "f.csv", "f.bin", "0x3000").status());

        String text = CliRun.in(tmp, "dump", "f.bin").out();
        assertTrue(text.contains("  tenth    float   0.1\n"), text);
        assertTrue(text.contains("  nzero    double  -0.0\n"), text);
        assertTrue(text.contains("  payload  float   -nan(0x1)\n"), text);
        assertTrue(text.contains("  hex      float   3.0\n"), text);

        CliRun json = CliRun.in(tmp, "dump", "f.bin", "--format", "json");
        assertEquals(0, json.status(), json.err());
        assertTrue(json.out().contains("\"value\": 0.1}"), json.out());
        assertTrue(json.out().contains("\"value\": 1e-45}"), json.out());
        assertTrue(json.out().contains("\"value\": 1.7976931348623157e+308}"), json.out());
        assertTrue(json.out().contains("\"value\": \"-inf\"}"), json.out());
        assertTrue(json.out().contains("\"value\": \"nan\"}"), json.out());
        JsonNode entries = json(json.out()).get("entries");
        assertEquals(0.1f, (float) entries.get(1).get("value").asDouble());
        assertEquals(Math.PI, entries.get(2).get("value").asDouble());
        assertEquals("snan(0x2a)", entries.get(9).get("value").asString());

        CliRun csv = CliRun.in(tmp, "dump", "f.bin", "--format", "csv");
        assertEquals(0, csv.status(), csv.err());
        assertTrue(csv.out().contains("\nsignal,data,double,snan(0x2a)\n"), csv.out());
        write(tmp.resolve("back.csv"), csv.out());
        assertEquals(
                0, CliRun.in(tmp, "generate", "back.csv", "back.bin", "0x3000").status());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("f.bin")), Files.readAllBytes(tmp.resolve("back.bin")));
        assertEquals(
                "f.bin: sound (3 pages, 11 entries)\n",
                CliRun.in(tmp, "verify", "f.bin").out());
    }

    @Test
    void aBadFloatIsOneLineNamingFileLineAndKey() {
        write(tmp.resolve("bad.csv"), "key,type,encoding,value\ncal,namespace,,\ngain,data,float,1.5.2\n");
        CliRun run = CliRun.in(tmp, "generate", "bad.csv", "bad.bin", "0x3000");
        assertEquals(1, run.status());
        assertEquals(
                "nvsgen generate: error: bad.csv:3: key 'gain': value '1.5.2' is not a float"
                        + " (write a decimal or hexadecimal literal such as 0.5, -1e-3 or 0x1.8p1, or inf, -inf, nan)\n",
                run.err());
        assertTrue(Files.notExists(tmp.resolve("bad.bin")));
    }

    @Test
    void verifyExitsZeroForASoundImageAndOneWithLocatedFindings() throws IOException {
        Path image = image();
        CliRun sound = CliRun.in(tmp, "verify", "nvs.bin");
        assertEquals(0, sound.status(), sound.out() + sound.err());
        assertEquals("nvs.bin: sound (4 pages, 4 entries)\n", sound.out());

        byte[] b = Files.readAllBytes(image);
        b[64 + 32 + 10] ^= 4; // the key of entry 1 of page 0 ("boot")
        Files.write(tmp.resolve("bad.bin"), b);
        CliRun bad = CliRun.in(tmp, "verify", "bad.bin");
        assertEquals(ExitCode.FINDINGS, bad.status(), bad.out() + bad.err());
        assertTrue(bad.out().startsWith("error: page 0 entry 1 (offset 0x64): ENTRY_CRC: "), bad.out());
        assertTrue(bad.out().endsWith("bad.bin: 1 error, 0 warnings (3 entries readable)\n"), bad.out());
    }

    @Test
    void readsAnImageEncryptedUnderTheHmacSchemeWithItsHmacKey() throws IOException {
        Path plain = image();
        dev.nvsgen.crypto.HmacKey hmac = dev.nvsgen.crypto.HmacKey.generate();
        hmac.writeTo(tmp.resolve("hmac.bin"));
        Files.write(
                tmp.resolve("enc.bin"),
                dev.nvsgen.crypto.NvsEncryption.encrypt(Files.readAllBytes(plain), hmac.deriveNvsKeys()));
        CliRun expected = CliRun.in(tmp, "dump", "nvs.bin", "--format", "csv");
        CliRun viaHmac = CliRun.in(tmp, "dump", "enc.bin", "--hmac-key", "hmac.bin", "--format", "csv");
        assertEquals(0, viaHmac.status(), viaHmac.err());
        assertEquals(expected.out(), viaHmac.out());
        assertEquals(
                0, CliRun.in(tmp, "verify", "enc.bin", "--hmac-key", "hmac.bin").status());

        dev.nvsgen.crypto.HmacKey.generate().writeTo(tmp.resolve("other-hmac.bin"));
        CliRun wrong = CliRun.in(tmp, "verify", "enc.bin", "--hmac-key", "other-hmac.bin");
        assertEquals(ExitCode.UNREADABLE, wrong.status());
        assertTrue(
                wrong.err().startsWith("nvsgen verify: error: enc.bin with HMAC key other-hmac.bin: none of"),
                wrong.err());

        CliRun both = CliRun.in(tmp, "dump", "enc.bin", "--hmac-key", "hmac.bin", "--keys", "k.bin");
        assertEquals(ExitCode.USAGE, both.status());
        assertEquals("nvsgen dump: error: give --keys or --hmac-key, not both\n", both.err());
    }

    @Test
    void whatCannotBeReadExitsTwo() throws IOException {
        image();
        Files.write(tmp.resolve("short.bin"), new byte[100]);
        Files.write(tmp.resolve("keys.bin"), new byte[64]);
        Files.write(tmp.resolve("odd-keys.bin"), new byte[10]);
        String[][] cases = {
            {"verify", "missing.bin"},
            {"verify", "short.bin"},
            {"verify", "nvs.bin", "--keys", "keys.bin"},
            {"verify", "nvs.bin", "--keys", "odd-keys.bin"},
            {"verify", "nvs.bin", "--keys", "missing-keys.bin"},
            {"verify"},
            {"verify", "nvs.bin", "--no-such-option"},
            {"dump", "missing.bin"},
            {"dump", "nvs.bin", "--format", "yaml"},
            {"dump", "."},
        };
        for (String[] args : cases) {
            CliRun run = CliRun.in(tmp, args);
            assertEquals(ExitCode.UNREADABLE, run.status(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().startsWith("nvsgen " + args[0] + ": "), run.err());
            assertEquals("", run.out(), String.join(" ", args));
        }
        assertTrue(CliRun.in(tmp, "verify", "nvs.bin", "--keys", "keys.bin")
                .err()
                .contains("nvs.bin with keys.bin: the image is not encrypted"));
    }

    static Stream<String> deviceImages() throws IOException {
        Path dir = Path.of(System.getProperty("nvsgen.shared.dir", "../../shared"), "device-images");
        if (!Files.isDirectory(dir)) {
            return Stream.of("(device images absent)");
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceImages")
    void deviceImagesDumpToWhatNvsFlashReads(String name) throws IOException {
        Path dir = Path.of(System.getProperty("nvsgen.shared.dir", "../../shared"), "device-images", name);
        Assumptions.assumeTrue(Files.isDirectory(dir), () -> dir + " not found; skipping");
        List<String> args = new ArrayList<>(
                List.of("dump", dir.resolve("image.bin").toString(), "--format", "json", "--show-secrets"));
        if (Files.exists(dir.resolve("keys.bin"))) {
            args.addAll(List.of("--keys", dir.resolve("keys.bin").toString()));
        }
        CliRun run = CliRun.in(tmp, args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        JsonNode expected =
                new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        assertEquals(rows(expected.get("entries")), rows(json(run.out()).get("entries")));
        args.set(0, "verify");
        args.subList(2, 5).clear();
        assertEquals(0, CliRun.in(tmp, args.toArray(String[]::new)).status());
    }

    static Stream<ConformanceSuite.Case> generateCases() {
        return ConformanceSuite.cases("generate")
                .filter(c -> c.json() == null
                        || c.expect().equals("ok")
                        || c.expect().equals("semantic"));
    }

    /** Every generated conformance image verifies clean and survives dump --format csv → generate byte for byte. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("generateCases")
    void conformanceImagesVerifyAndRoundTripThroughCsv(ConformanceSuite.Case c) throws IOException {
        c.assumePresent();
        Path work = tmp.resolve(c.name());
        CliRun.copyTree(c.dir(), work);
        List<String> argv = new ArrayList<>(c.argv());
        assertEquals(0, CliRun.in(work, argv.toArray(String[]::new)).status(), c.name());
        CliRun verify = CliRun.in(work, "verify", "out.bin");
        assertEquals(0, verify.status(), c.name() + ": " + verify.out() + verify.err());
        CliRun dump = CliRun.in(work, "dump", "out.bin", "--format", "csv", "--show-secrets");
        assertEquals(0, dump.status(), dump.err());
        write(work.resolve("dumped.csv"), dump.out());
        // The same command line, with the dumped CSV as its only input.
        int out = argv.indexOf("out.bin");
        List<String> again = new ArrayList<>(argv.subList(0, 1));
        again.add("dumped.csv");
        again.add("again.bin");
        again.addAll(argv.subList(out + 1, argv.size()));
        CliRun regenerate = CliRun.in(work, again.toArray(String[]::new));
        assertEquals(0, regenerate.status(), regenerate.err() + "\n" + dump.out());
        assertArrayEquals(
                Files.readAllBytes(work.resolve("out.bin")),
                Files.readAllBytes(work.resolve("again.bin")),
                c.name() + ": CSV:\n" + dump.out());
        if (c.expect().equals("semantic")) {
            CliRun json = CliRun.in(work, "dump", "out.bin", "--format", "json", "--show-secrets");
            Set<String> want = new TreeSet<>();
            for (JsonNode e : c.json().get("expected_entries")) {
                want.add(e.get(0).asString() + " | " + e.get(1).asString() + " | "
                        + e.get(2).asString() + " | " + e.get(3).asString());
            }
            assertEquals(want, rows(json(json.out()).get("entries")));
        }
    }

    static Stream<ConformanceSuite.Case> encryptedCases() {
        return ConformanceSuite.cases("encrypt");
    }

    /** Encrypted conformance images verify clean with their keys, and read as the plain image of the same CSV. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedCases")
    void encryptedConformanceImagesVerifyWithTheirKeys(ConformanceSuite.Case c) {
        c.assumePresent();
        JsonNode args = c.json().get("args");
        Path keys = c.dir().resolve(args.has("inputkey") ? args.get("inputkey").asString() : "expected_keys.bin");
        String image = c.dir().resolve("expected.bin").toString();
        CliRun verify = CliRun.in(tmp, "verify", image, "--keys", keys.toString());
        assertEquals(0, verify.status(), c.name() + ": " + verify.out() + verify.err());
        // Without its keys: one line saying so (not one per entry), and the status of an unreadable image.
        CliRun without = CliRun.in(tmp, "verify", image);
        assertEquals(ExitCode.UNREADABLE, without.status(), c.name());
        assertEquals("", without.out());
        assertTrue(without.err().endsWith("read it with its keys (--keys or --hmac-key)\n"), without.err());
        assertEquals(1, without.err().lines().count(), without.err());
    }
}
