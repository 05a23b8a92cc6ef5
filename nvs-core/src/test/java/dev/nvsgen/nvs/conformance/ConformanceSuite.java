package dev.nvsgen.nvs.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The ESP-IDF conformance vectors (produced by Espressif's nvs_partition_gen and mfg_gen): the full shared
 * suite in {@code ../shared/conformance} when it is there, else the golden cases copied into this module's
 * test resources ({@code golden-conformance}), so a clone alone still checks bytes. With
 * {@code -Dnvsgen.require.shared=true} (CI) a missing shared suite is an error, not a smaller run.
 */
public final class ConformanceSuite {
    private static final String GOLDEN = "golden-conformance";
    private static Path golden;

    private ConformanceSuite() {}

    /** The suite's folder: the shared suite if found, else the bundled golden cases. */
    public static synchronized Path dir() {
        Path shared = sharedDir();
        if (Files.isRegularFile(shared.resolve("index.json"))) {
            return shared;
        }
        if (Boolean.getBoolean("nvsgen.require.shared")) {
            throw new IllegalStateException("the shared conformance suite is required (nvsgen.require.shared) but "
                    + shared + " has no index.json; set -Dnvsgen.conformance.dir");
        }
        if (golden == null) {
            golden = goldenDir();
        }
        return golden;
    }

    /** Whether {@link #dir} is the full shared suite rather than the bundled golden cases. */
    public static boolean isShared() {
        return Files.isRegularFile(sharedDir().resolve("index.json"));
    }

    /** System property {@code nvsgen.conformance.dir}, else {@code ../shared/conformance} above the working folder. */
    private static Path sharedDir() {
        String configured = System.getProperty("nvsgen.conformance.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
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

    /**
     * The golden cases as a folder: straight from the class path when it is a folder (this module's own
     * tests), else copied out of the test jar (the other modules' tests) into a temporary folder.
     */
    private static Path goldenDir() {
        URL index = ConformanceSuite.class.getResource("/" + GOLDEN + "/index.json");
        if (index == null) {
            throw new IllegalStateException(GOLDEN + "/index.json is not on the test class path");
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("file")) {
                return Path.of(uri).getParent();
            }
            Path copy = Files.createTempDirectory("nvsgen-golden-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(copy)));
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                Path root = jar.getPath("/" + GOLDEN);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path target = copy.resolve(root.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target);
                        }
                    }
                }
            }
            return copy;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the golden conformance cases at " + index, e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary copy left behind is not worth failing a test run over.
        }
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
