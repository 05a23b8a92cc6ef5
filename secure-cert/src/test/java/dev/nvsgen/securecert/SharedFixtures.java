package dev.nvsgen.securecert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The shared secure-cert cases ({@code ../shared/secure-cert}), found as the parent pom configures them. */
final class SharedFixtures {
    private SharedFixtures() {}

    static Path dir() {
        String configured = System.getProperty("nvsgen.shared.dir");
        Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
        return shared.resolve("secure-cert").toAbsolutePath().normalize();
    }

    /** Every case folder (one with a case.json); none when the folder is absent (tests then skip). */
    static List<Path> cases() throws java.io.IOException {
        Path dir = dir();
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> Files.isRegularFile(p.resolve("case.json")))
                        .sorted()
                        .forEach(out::add);
            }
        }
        if (out.isEmpty()) {
            Assumptions.assumeFalse(Boolean.getBoolean("nvsgen.require.shared"), () -> dir + " is required");
            out.add(null);
        }
        return out;
    }

    /** Skips the calling test when {@code folder} is the placeholder of an absent fixture folder. */
    static void assumePresent(Path folder) {
        if (folder == null && Boolean.getBoolean("nvsgen.require.shared")) {
            throw new AssertionError(dir() + " not found but -Dnvsgen.require.shared=true");
        }
        Assumptions.assumeTrue(folder != null, () -> dir() + " not found (set -Dnvsgen.shared.dir); skipping");
    }
}
