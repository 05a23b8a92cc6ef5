package dev.nvsgen.nvs.read;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The shared fixture folders ({@code ../shared}), found as the parent pom configures them. */
final class SharedFixtures {
    private SharedFixtures() {}

    /** {@code ../shared/<name>}: system property {@code nvsgen.shared.dir}, else relative to the module. */
    static Path dir(String name) {
        String configured = System.getProperty("nvsgen.shared.dir");
        Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
        return shared.resolve(name).toAbsolutePath().normalize();
    }

    /** {@link #dir}, or the calling test is skipped, saying why. */
    static Path folder(String name) {
        Path dir = dir(name);
        Assumptions.assumeTrue(Files.isDirectory(dir), () -> dir + " not found (set -Dnvsgen.shared.dir); skipping");
        return dir;
    }
}
