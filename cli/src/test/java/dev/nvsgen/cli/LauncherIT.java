package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nvsgen.crypto.testing.SoftHsm;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
        assertTrue(made.get(0).matches("nvsgen-.+-generate\\.aot"), made.toString());

        Result second = launcher(env, "generate", CSV, tmp.resolve("a.bin").toString(), "0x6000");
        assertEquals(0, second.status(), second.err());
        assertEquals(expected, second.out());
        assertEquals("", second.err());
        assertEquals(made, names(cache));
    }

    /**
     * Issue 22, N01: a JDK 17 archive cut short crashed every later run (exit 134, the JVM's report on
     * stdout, an hs_err file in the working folder) and was never replaced. Now its size is checked
     * first: the run that finds it damaged is the command's own, and a new archive replaces it.
     */
    @Test
    void jdk17ArchiveCutShortIsMadeAgainNotMapped() throws Exception {
        Path dist = jdkDistribution();
        Path cache = tmp.resolve("cache");
        Path image = image();
        Map<String, String> env = Map.of("NVSGEN_CACHE_DIR", cache.toString());
        Result first = dist(dist, env, "dump", image.toString(), "--format", "json");
        assertEquals(0, first.status(), first.err());
        Path archive = only(cache, ".jsa");
        long size = Files.size(archive);
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            ch.truncate(100_000);
        }
        Result second = dist(dist, env, "dump", image.toString(), "--format", "json");
        assertEquals(0, second.status(), second.err());
        assertEquals(first.out(), second.out());
        assertEquals(List.of(), hsErrFiles(tmp));
        assertEquals(size, Files.size(only(cache, ".jsa")), "the archive is made again");
    }

    /** Issue 22: a jar newer than the JDK 17 archive kept the stale archive, silently, on every run. */
    @Test
    void jdk17ArchiveOlderThanTheJarIsMadeAgain() throws Exception {
        Path dist = jdkDistribution();
        Path cache = tmp.resolve("cache");
        Map<String, String> env = Map.of("NVSGEN_CACHE_DIR", cache.toString());
        assertEquals(0, dist(dist, env, "--help").status());
        Path archive = only(cache, ".jsa");
        Path jar = dist.resolve("lib/nvsgen-cli.jar");
        // The jar replaced after the archive was made: the archive's time set back instead of the jar's forward.
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000);
        Files.setLastModifiedTime(archive, old);
        Result again = dist(dist, env, "--help");
        assertEquals(0, again.status(), again.err());
        assertTrue(
                Files.getLastModifiedTime(only(cache, ".jsa")).compareTo(Files.getLastModifiedTime(jar)) >= 0,
                "a new archive, made after the jar");
    }

    /** Issue 22: with HOME unset (and no cache variable) the cache went to /.cache; now there is none. */
    @Test
    void noHomeMeansNoCache() throws Exception {
        Path dist = jdkDistribution();
        assumeTrue(!Files.exists(Path.of("/.cache/nvsgen")), "skipped: /.cache/nvsgen exists already");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", null);
        env.put("XDG_CACHE_HOME", null);
        env.put("NVSGEN_CACHE_DIR", null);
        Result r = dist(dist, env, "generate", CSV, tmp.resolve("a.bin").toString(), "0x6000");
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(Path.of("/.cache/nvsgen")), "/.cache/nvsgen");
    }

    /** Issue 22: a CDS flag of the user's own failed the command on JDK 17; the user's flags now replace ours. */
    @Test
    void ownArchiveFlagReplacesTheLaunchersOnJdk17() throws Exception {
        Path dist = jdkDistribution();
        Map<String, String> env = Map.of(
                "NVSGEN_CACHE_DIR",
                tmp.resolve("cache").toString(),
                "NVSGEN_JAVA_OPTS",
                "-XX:SharedArchiveFile=" + tmp.resolve("no-such.jsa") + " -Xlog:cds=off");
        Result r = dist(dist, env, "generate", CSV, tmp.resolve("a.bin").toString(), "0x6000");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(tmp.resolve("a.bin")) == 0x6000);
        assertEquals(List.of(), names(tmp.resolve("cache")));
    }

    /** Issue 25, item 9: a JAVA_HOME without bin/java silently fell back to the java on PATH; now refused. */
    @Test
    void invalidJavaHomeIsRefusedInOneLine() throws Exception {
        Path missing = tmp.resolve("no-jdk");
        Result r = launcher(Map.of("JAVA_HOME", missing.toString()), "--help");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals(
                "nvsgen: JAVA_HOME is " + missing
                        + ", which has no bin/java: point it at a JDK 17 (or newer), or unset it to use the java on PATH\n",
                r.err());
    }

    /**
     * Issue 22, N01 on JDK 25: an AOT cache with scattered damage crashed every later run. Now the JVM
     * checks its checksums and runs without it; a 0-byte cache (issue 22) is made again.
     */
    @Test
    void jdk25DamagedOrEmptyAotCacheCostsOnlyTheSpeedUp() throws Exception {
        Optional<Path> jdk = jdk25();
        assumeTrue(jdk.isPresent(), "skipped: no JDK 25 or newer found");
        Path dist = jdkDistribution();
        Path cache = tmp.resolve("cache");
        Path image = image();
        Map<String, String> env = Map.of("JAVA_HOME", jdk.get().toString(), "NVSGEN_CACHE_DIR", cache.toString());
        Result first = dist(dist, env, "dump", image.toString(), "--format", "json");
        assertEquals(0, first.status(), first.err());
        Path aot = only(cache, ".aot");
        byte[] bytes = Files.readAllBytes(aot);
        java.util.Random random = new java.util.Random(27);
        for (int i = 0; i < 50; i++) {
            int at = 4096 + random.nextInt(bytes.length - 4096);
            bytes[at] ^= (byte) 0xFF;
        }
        Files.write(aot, bytes);
        Result damaged = dist(dist, env, "dump", image.toString(), "--format", "json");
        assertEquals(0, damaged.status(), damaged.err());
        assertEquals(first.out(), damaged.out());
        assertEquals(List.of(), hsErrFiles(tmp));

        Files.write(aot, new byte[0]);
        assertEquals(
                0, dist(dist, env, "dump", image.toString(), "--format", "json").status());
        assertTrue(Files.size(only(cache, ".aot")) > 0, "a new cache replaces the empty one");
    }

    /** Issue 22: a HOME with a space never got an AOT cache (the record flags were split at the space). */
    @Test
    void jdk25HomeWithASpaceGetsItsCache() throws Exception {
        Optional<Path> jdk = jdk25();
        assumeTrue(jdk.isPresent(), "skipped: no JDK 25 or newer found");
        Path dist = jdkDistribution();
        Path home = tmp.resolve("my home");
        Files.createDirectories(home);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", jdk.get().toString());
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", null);
        env.put("NVSGEN_CACHE_DIR", null);
        Result r = dist(dist, env, "generate", CSV, tmp.resolve("a.bin").toString(), "0x6000");
        assertEquals(0, r.status(), r.err());
        only(home.resolve(".cache/nvsgen"), ".aot");
    }

    /**
     * Issue 27: the runtime distribution, unpacked, with no java on PATH and no JAVA_HOME: generate and
     * dump write and print what the jar does, byte for byte; a batch makes its eight devices (fresh keys
     * each run, so its files are compared by name, and its images read back by the jar).
     */
    @Test
    void runtimeDistributionNeedsNoJdk() throws Exception {
        Path archive = ROOT.resolve("cli/target/nvsgen-" + version() + "-linux-x64.tar.gz");
        assumeTrue(
                Files.isRegularFile(archive),
                "skipped: no runtime distribution (made by mvn package on Linux x64 with jmods)");
        Path dist = unpack(archive);
        Path emptyPath = Files.createDirectories(tmp.resolve("empty-bin"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", emptyPath.toString());
        env.put("JAVA_HOME", null);
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        Path examples = dist.resolve("examples/generate");

        Result viaJar = run(
                examples,
                Map.of(),
                List.of(
                        java(),
                        "-jar",
                        JAR.toString(),
                        "generate",
                        "factory.csv",
                        tmp.resolve("jar.bin").toString(),
                        "0x6000"));
        Result viaRuntime = run(
                examples,
                env,
                List.of(
                        "/bin/sh",
                        dist.resolve("bin/nvsgen").toString(),
                        "generate",
                        "factory.csv",
                        tmp.resolve("rt.bin").toString(),
                        "0x6000"));
        assertEquals(0, viaRuntime.status(), viaRuntime.err());
        assertEquals(viaJar.out().replace("jar.bin", "rt.bin"), viaRuntime.out());
        assertEquals("", viaRuntime.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("jar.bin")), Files.readAllBytes(tmp.resolve("rt.bin")));

        Result dumpJar =
                run(tmp, Map.of(), List.of(java(), "-jar", JAR.toString(), "dump", "rt.bin", "--format", "json"));
        Result dumpRuntime = run(
                tmp,
                env,
                List.of("/bin/sh", dist.resolve("bin/nvsgen").toString(), "dump", "rt.bin", "--format", "json"));
        assertEquals(0, dumpRuntime.status(), dumpRuntime.err());
        assertEquals(dumpJar.out(), dumpRuntime.out());

        Path manifest = dist.resolve("examples/batch/manifest.yaml");
        Result batchRuntime = run(
                tmp,
                env,
                List.of(
                        "/bin/sh",
                        dist.resolve("bin/nvsgen").toString(),
                        "batch",
                        manifest.toString(),
                        "--outdir",
                        "rt-batch",
                        "--quiet"));
        assertEquals(0, batchRuntime.status(), batchRuntime.err());
        Result batchJar = run(
                tmp,
                Map.of(),
                List.of(
                        java(),
                        "-jar",
                        JAR.toString(),
                        "batch",
                        manifest.toString(),
                        "--outdir",
                        "jar-batch",
                        "--quiet"));
        assertEquals(0, batchJar.status(), batchJar.err());
        assertEquals(names(tmp.resolve("jar-batch/bin")), names(tmp.resolve("rt-batch/bin")));
        assertEquals(8, names(tmp.resolve("rt-batch/bin")).size());
        for (String name : names(tmp.resolve("rt-batch/bin"))) {
            Result read = run(tmp, Map.of(), List.of(java(), "-jar", JAR.toString(), "verify", "rt-batch/bin/" + name));
            assertEquals(0, read.status(), name + ": " + read.out() + read.err());
        }
    }

    /**
     * A CA key in a PKCS#11 token needs the JDK's wrapper exported to nvsgen. {@code java -jar} with no
     * option (the jar's launcher agent exports it on first use), bin/nvsgen, and the runtime distribution
     * (whose launcher passes the option to batches) each issue from the token. Skipped without softhsm2.
     */
    @Test
    void tokenCaNeedsNoJvmOptionOnAnyLauncher() throws Exception {
        var reason = SoftHsm.unavailable();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
        SoftHsm hsm = SoftHsm.get();
        Files.write(tmp.resolve("ca.pem"), hsm.ecCa.certificatePem());
        Files.writeString(tmp.resolve("devices.csv"), "serial\nSN-0001\nSN-0002\n");
        Files.writeString(tmp.resolve("m.yaml"), BatchTokenCaTest.manifest(BatchTokenCaTest.tokenCa(SoftHsm.EC_TOKEN)));
        Map<String, String> env = new HashMap<>(hsm.environment());
        env.put("NVSGEN_PKCS11_PIN", SoftHsm.PIN);
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());

        List<List<String>> launchers = new ArrayList<>();
        launchers.add(List.of(java(), "-jar", JAR.toString()));
        launchers.add(List.of("sh", LAUNCHER.toString()));
        Path archive = ROOT.resolve("cli/target/nvsgen-" + version() + "-linux-x64.tar.gz");
        if (Files.isRegularFile(archive)) {
            launchers.add(List.of("sh", unpack(archive).resolve("bin/nvsgen").toString()));
        }
        for (int i = 0; i < launchers.size(); i++) {
            List<String> cmd = new ArrayList<>(launchers.get(i));
            cmd.addAll(List.of("batch", "m.yaml", "--outdir", "out-" + i, "--quiet"));
            Result r = run(tmp, env, cmd);
            assertEquals(0, r.status(), cmd + ": " + r.err());
            assertEquals(
                    List.of("SN-0001.bin", "SN-0002.bin"), names(tmp.resolve("out-" + i + "/bin")), cmd.toString());
        }
    }

    /** The JDK-requiring distribution, unpacked into the test's folder (the launcher keys its cache by place). */
    private Path jdkDistribution() throws Exception {
        Path archive = ROOT.resolve("cli/target/nvsgen-" + version() + ".tar.gz");
        assumeTrue(Files.isRegularFile(archive), "skipped: cli/target/nvsgen-VERSION.tar.gz is made by mvn package");
        return unpack(archive);
    }

    private Path unpack(Path archive) throws Exception {
        Path into = Files.createDirectories(tmp.resolve("unpacked-" + archive.getFileName()));
        Result r = run(into, Map.of(), List.of("tar", "-xzf", archive.toString()));
        assertEquals(0, r.status(), r.err());
        try (Stream<Path> s = Files.list(into)) {
            return s.findFirst().orElseThrow();
        }
    }

    private static String version() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("cli/target/classes/dev/nvsgen/cli/version.properties"))) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    /** A small image of the bundled example, made by the jar. */
    private Path image() throws Exception {
        Path image = tmp.resolve("img.bin");
        Result r = run(
                ROOT, Map.of(), List.of(java(), "-jar", JAR.toString(), "generate", CSV, image.toString(), "0x6000"));
        assertEquals(0, r.status(), r.err());
        return image;
    }

    private Result dist(Path dist, Map<String, String> env, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("sh", dist.resolve("bin/nvsgen").toString()));
        cmd.addAll(List.of(args));
        return run(ROOT, env, cmd);
    }

    private static Path only(Path folder, String suffix) throws IOException {
        List<String> found =
                names(folder).stream().filter(n -> n.endsWith(suffix)).toList();
        assertEquals(1, found.size(), folder + ": " + names(folder));
        return folder.resolve(found.get(0));
    }

    private static List<String> hsErrFiles(Path folder) throws IOException {
        List<String> found = new ArrayList<>(
                names(folder).stream().filter(n -> n.startsWith("hs_err")).toList());
        found.addAll(names(ROOT).stream().filter(n -> n.startsWith("hs_err")).toList());
        return found;
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
        return run(ROOT, env, cmd);
    }

    /** {@code cmd} in {@code dir}; an env value of null removes that variable. */
    private Result run(Path dir, Map<String, String> env, List<String> cmd) throws Exception {
        assumeTrue(
                !System.getProperty("os.name", "").startsWith("Windows"),
                "skipped: bin/nvsgen is a POSIX shell script");
        assumeTrue(Files.isRegularFile(JAR), "skipped: cli/target/nvsgen.jar is made by mvn package");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("NVSGEN_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", javaHome().toString());
        env.forEach((name, value) -> {
            if (value == null) {
                pb.environment().remove(name);
            } else {
                pb.environment().put(name, value);
            }
        });
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        Result result = new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
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
