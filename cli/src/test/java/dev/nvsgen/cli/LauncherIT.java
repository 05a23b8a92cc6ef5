package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/nvsgen} from the source tree, after {@code package} (failsafe runs it in integration-test):
 * the launcher is the way README tells people to run nvsgen for speed, and what it adds (JVM flags, the
 * build's CDS archives, JDK 25's AOT cache made on a command's first run) must never change what a
 * command prints or writes.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LAUNCHER = ROOT.resolve("bin/nvsgen");
    private static final Path JAR = ROOT.resolve("cli/target/nvsgen.jar");
    /** Relative: its file rows are, as with nvs_partition_gen, relative to the folder nvsgen runs in (ROOT). */
    private static final String CSV = "testdata/example/factory.csv";

    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {}

    @Test
    void writesWhatTheJarWritesAndPrintsNothingMore() throws Exception {
        Result viaJar = run(
                Map.of(),
                List.of(
                        java(),
                        "-jar",
                        JAR.toString(),
                        "generate",
                        CSV,
                        tmp.resolve("jar.bin").toString(),
                        "0x6000"));
        Result viaLauncher = launcher(
                Map.of("NVSGEN_CACHE_DIR", tmp.resolve("cache").toString()),
                "generate",
                CSV,
                tmp.resolve("launcher.bin").toString(),
                "0x6000");
        assertEquals(0, viaLauncher.status(), viaLauncher.err());
        assertEquals(viaJar.out().replace("jar.bin", "launcher.bin"), viaLauncher.out());
        assertEquals("", viaLauncher.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("jar.bin")), Files.readAllBytes(tmp.resolve("launcher.bin")));
    }

    /** The build's archives fit the JDK that built them: -Xshare:on makes a JVM that cannot map one fail. */
    @Test
    void buildArchivesMapForShortCommandsAndForBatches() throws Exception {
        assertTrue(Files.isRegularFile(ROOT.resolve("cli/target/nvsgen.jsa")), "cli/target/nvsgen.jsa");
        assertTrue(Files.isRegularFile(ROOT.resolve("cli/target/nvsgen-batches.jsa")), "cli/target/nvsgen-batches.jsa");
        Map<String, String> env =
                Map.of("NVSGEN_JAVA_OPTS", "-Xshare:on", "JAVA_HOME", javaHome().toString());
        Result help = launcher(env, "--help");
        assertEquals(0, help.status(), help.err());
        Result batch = launcher(
                env,
                "batch",
                ROOT.resolve("testdata/batch/manifest.yaml").toString(),
                "--outdir",
                tmp.resolve("batch").toString(),
                "--quiet");
        assertEquals(0, batch.status(), batch.err());
        try (Stream<Path> images = Files.list(tmp.resolve("batch/bin"))) {
            assertEquals(8, images.count());
        }
    }

    /**
     * JDK 25+: the first successful run of a command records and builds its AOT cache; its output is the
     * command's own (the JVM's "configuration recorded" line stays off stdout), no temporary file is left,
     * and a failed run makes no cache.
     */
    @Test
    void jdk25MakesAnAotCachePerCommandOnTheFirstSuccessfulRun() throws Exception {
        Optional<Path> jdk = jdk25();
        assumeTrue(
                jdk.isPresent(),
                "skipped: no JDK 25 or newer found (set NVSGEN_TEST_JDK25, or install one in /usr/lib/jvm)");
        Path cache = tmp.resolve("cache");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.get().toString(), "NVSGEN_CACHE_DIR", cache.toString());

        Result failed = launcher(
                env,
                "generate",
                tmp.resolve("missing.csv").toString(),
                tmp.resolve("x.bin").toString(),
                "0x6000");
        assertEquals(1, failed.status());
        assertEquals(List.of(), names(cache));

        String expected = "Created NVS binary (version 2, 0x6000): " + tmp.resolve("a.bin") + "\n";
        Result first = launcher(env, "generate", CSV, tmp.resolve("a.bin").toString(), "0x6000");
        assertEquals(0, first.status(), first.err());
        assertEquals(expected, first.out());
        assertEquals("", first.err());
        List<String> made = names(cache);
        assertEquals(1, made.size(), made.toString());
        assertTrue(made.get(0).matches("nvsgen-\\d+-generate\\.aot"), made.toString());

        Result second = launcher(env, "generate", CSV, tmp.resolve("a.bin").toString(), "0x6000");
        assertEquals(0, second.status(), second.err());
        assertEquals(expected, second.out());
        assertEquals("", second.err());
        assertEquals(made, names(cache));
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Result launcher(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        return run(env, cmd);
    }

    private Result run(Map<String, String> env, List<String> cmd) throws Exception {
        assumeTrue(
                !System.getProperty("os.name", "").startsWith("Windows"),
                "skipped: bin/nvsgen is a POSIX shell script");
        assumeTrue(Files.isRegularFile(JAR), "skipped: cli/target/nvsgen.jar is made by mvn package");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().remove("NVSGEN_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", javaHome().toString());
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The JDK running the tests: the one that built the jar and its archives. */
    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static String java() {
        return javaHome().resolve("bin/java").toString();
    }

    private static Optional<Path> jdk25() throws IOException {
        String named = System.getenv("NVSGEN_TEST_JDK25");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(jvms)) {
            return s.filter(d -> feature(d) >= 25).sorted().findFirst();
        }
    }

    /** The feature version a JDK's release file names, 0 if none. */
    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String v = line.substring("JAVA_VERSION=\"".length());
                    int end = 0;
                    while (end < v.length() && Character.isDigit(v.charAt(end))) {
                        end++;
                    }
                    return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
