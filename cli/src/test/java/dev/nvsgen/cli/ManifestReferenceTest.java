package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nvsgen.crypto.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest reference (nvsgen-batch(1), README) lists every field the reader accepts, and the example runs. */
class ManifestReferenceTest {
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    /** A field no reader knows: the refusal then lists every field its section accepts. */
    private static final String PROBE = "zqxjvw";

    private static Set<String> documented() {
        Set<String> paths = new TreeSet<>();
        ManifestReference.FIELDS.forEach(f -> paths.add(f.path()));
        return paths;
    }

    /** A manifest in which every section is a mapping, so a probe can go into any of them. */
    private static Map<String, Object> base(String probed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partition", map("size", "0x3000", "encryption", map("keys", "per-device")));
        m.put(
                "devices",
                probed.startsWith("devices.range") ? map("range", map("from", "1", "to", "2")) : map("csv", "d.csv"));
        m.put("credentials", map("ca", map("certificate", "c.pem", "key", "k.pem")));
        m.put("namespaces", map("NAMESPACE", map("KEY", map("type", "u8", "value", "\"1\""))));
        m.put("output", map("dir", "out"));
        if (probed.startsWith("matter")) {
            m.put("preset", "matter");
            m.put("matter", map("vendor-id", "1", "product-id", "1"));
        }
        return m;
    }

    private static Map<String, Object> map(String... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> map(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }

    private static Map<String, Object> map(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = map(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String flow(Object o) {
        if (o instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            ((Map<String, Object>) m).forEach((k, v) -> parts.add(k + ": " + flow(v)));
            return "{" + String.join(", ", parts) + "}";
        }
        return o.toString();
    }

    /** What the reader accepts at {@code section} ("" for the top), from its refusal of an unknown field. */
    @SuppressWarnings("unchecked")
    private List<String> accepted(String section) throws Exception {
        Map<String, Object> m = base(section);
        Map<String, Object> at = m;
        if (!section.isEmpty()) {
            for (String part : section.split("\\.")) {
                at = (Map<String, Object>) at.get(part);
            }
        }
        at.put(PROBE, "1");
        StringBuilder yaml = new StringBuilder();
        m.forEach((k, v) -> yaml.append(k).append(": ").append(flow(v)).append('\n'));
        Files.writeString(tmp.resolve("m.yaml"), yaml);
        CliRun run = CliRun.in(tmp, "batch", "m.yaml", "--check");
        Matcher e = Pattern.compile("unknown field '" + PROBE + "'.* \\(expected (.*)\\)\n")
                .matcher(run.err());
        assertTrue(e.find(), section + ": " + run.err());
        return List.of(e.group(1).split(", "));
    }

    @Test
    void theReferenceListsEveryFieldTheReaderAccepts() throws Exception {
        Set<String> documented = documented();
        // Every section the reference gives fields of is probed; so is the top. A new section's fields
        // are found as soon as the section is documented (and the section itself at the top).
        Set<String> sections = new TreeSet<>();
        sections.add("");
        for (String p : documented) {
            int dot = p.lastIndexOf('.');
            if (dot > 0) {
                sections.add(p.substring(0, dot));
            }
        }
        sections.remove("namespaces.NAMESPACE"); // its fields are the keys the manifest names
        // Their probes need a valid table and preset around them, which base() does not build yet; their
        // top-level names are still checked, their fields are not (to do: probe them too).
        sections.removeIf(s -> s.startsWith("secure-cert") || s.startsWith("flash-encryption"));
        List<String> missing = new ArrayList<>();
        for (String section : sections) {
            for (String field : accepted(section)) {
                String path = section.isEmpty() ? field : section + "." + field;
                if (!documented.contains(path)) {
                    missing.add(path);
                }
            }
        }
        assertEquals(List.of(), missing, "fields the manifest reader accepts but the reference does not list");
    }

    @Test
    void theManPageAndReadmeShowTheReference() throws Exception {
        ReferenceDocs.main(new String[] {tmp.toString(), "1"});
        String page = Files.readString(tmp.resolve("man/man1/nvsgen-batch.1"));
        assertTrue(page.contains(".SH MANIFEST\n"), page);
        for (ManifestReference.Field f : ManifestReference.FIELDS) {
            assertTrue(page.contains(".TP\n\\fB" + f.path().replace("-", "\\-") + "\\fR\n"), f.path());
        }
        Path readme = PROJECT.resolve("README.md");
        assumeTrue(Files.isRegularFile(readme), "README.md not found beside the cli module: not checked");
        String text = Files.readString(readme);
        String start = "<!-- manifest-reference:";
        int from = text.indexOf('\n', text.indexOf(start)) + 1;
        int to = text.indexOf("<!-- /manifest-reference -->");
        assertTrue(text.contains(start) && to > from, "README.md has no manifest reference table");
        assertEquals(ManifestReference.markdown(), text.substring(from, to), "README's manifest table");
    }

    @Test
    void theExampleManifestWorksWithACaMadeToday() throws Exception {
        Path batch = tmp.resolve("batch");
        CliRun.copyTree(PROJECT.resolve("testdata/batch"), batch);
        Instant now = Instant.now();
        // As openssl req -x509 -days 3650 makes it, a moment ago.
        TestCa ca = TestCa.builder("factory CA")
                .validity(now.truncatedTo(ChronoUnit.SECONDS), now.plus(3650, ChronoUnit.DAYS))
                .build();
        Files.write(batch.resolve("ca/ca.pem"), ca.certificatePem());
        Files.write(batch.resolve("ca/ca.key"), ca.keyPem());
        CliRun run = CliRun.in(batch, "batch", "manifest.yaml", "--outdir", "out", "-q");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
    }
}
