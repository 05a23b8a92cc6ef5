package dev.nvsgen.nvs.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The ESP-IDF conformance vectors in {@code ../shared/conformance} (produced by Espressif's
 * nvs_partition_gen and mfg_gen). Tests skip, saying why, when the folder is absent.
 */
public final class ConformanceSuite {
    private ConformanceSuite() {}

    /** The suite's folder: system property {@code nvsgen.conformance.dir}, else {@code ../shared/conformance} from the project root. */
    public static Path dir() {
        String configured = System.getProperty("nvsgen.conformance.dir");
        if (configured != null) {
            return Path.of(configured).normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/conformance").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return here.resolve("../../shared/conformance").normalize();
    }

    /** Every case of {@code kind} (generate, encrypt, decrypt, generate-key-hmac, mfg); none when the suite is absent. */
    public static Stream<Case> cases(String kind) {
        Path index = dir().resolve("index.json");
        if (!Files.isRegularFile(index)) {
            return Stream.of(Case.ABSENT);
        }
        JsonNode root = new ObjectMapper().readTree(index.toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            if (c.get("kind").asString().equals(kind)) {
                out.add(new Case(
                        c.get("name").asString(), dir().resolve(c.get("name").asString()), c));
            }
        }
        return out.stream();
    }

    /** One case folder and its index entry. */
    public record Case(String name, Path dir, JsonNode json) {
        static final Case ABSENT = new Case("(conformance suite absent)", null, null);

        /** Skips the calling test when the suite is not there. */
        public void assumePresent() {
            Assumptions.assumeTrue(
                    dir != null,
                    () -> "conformance suite not found at " + ConformanceSuite.dir()
                            + " (set -Dnvsgen.conformance.dir); skipping");
        }

        public String expect() {
            return json.get("expect").asString();
        }

        public List<String> argv() {
            List<String> argv = new ArrayList<>();
            json.get("argv").forEach(a -> argv.add(a.asString()));
            return argv;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
