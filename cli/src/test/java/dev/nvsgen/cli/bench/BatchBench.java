package dev.nvsgen.cli.bench;

import dev.nvsgen.crypto.testing.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Times whole {@code nvsgen batch} processes issuing EC P-256 credentials, as a person would run them:
 * devices per second over the whole process (JVM start, checks and warm-up included). Key generation
 * mode (a fresh key pair and certificate per device, esp_secure_cert layout) and CSR mode (a certificate
 * for each device's request) run on the same devices. Not a test: nothing asserts on timings.
 *
 * <p>Compare with the JVM's ECDSA limit on the same cores, {@code java -jar bench/target/benchmarks.jar
 * EcdsaLimit -t max} (key pair + signature per operation; signature alone for CSR mode).
 *
 * <pre>
 * java -cp cli/target/test-classes:nvs-crypto/target/test-classes:cli/target/nvsgen.jar \
 *     dev.nvsgen.cli.bench.BatchBench [options]
 *   --devices N          devices per run (default 10000)
 *   --runs N             runs of each mode; the median is reported (default 3; 0 only writes the inputs)
 *   --modes LIST         keygen, csr (default keygen,csr)
 *   --java CMD           the JVM and its flags (default "java"), e.g. a JDK 25's bin/java
 *   --launcher CMD       run nvsgen as CMD (e.g. bin/nvsgen) instead of JAVA -jar JAR; repeat it to time
 *                        several ways side by side, round by round ("jar" stands for JAVA -jar JAR,
 *                        "env JAVA_HOME=… bin/nvsgen" runs the launcher on another JDK)
 *   --warmup N           untimed rounds first (default 1): the launcher's CDS archive or AOT cache is
 *                        made by a command's first run
 *   --jar FILE           the nvsgen jar (default cli/target/nvsgen.jar)
 *   --threads N          pass --threads N to nvsgen batch
 *   --dir DIR            work folder (default: a new folder in java.io.tmpdir)
 *   --reference CMD      a per-device shell command (sh -c; $SERIAL, $OUT set) timed on a few devices, e.g.
 *                        the openssl + nvs_partition_gen loop the batch replaces
 *   --reference-devices N  devices for --reference (default 20)
 *   --limit              also measure the ECDSA work alone on this JVM, in CPU time per device (run the
 *                        bench with the JVM under test: JAVA -cp … BatchBench --java JAVA --limit)
 *   --keep               keep the work folder
 * </pre>
 */
public final class BatchBench {
    private int devices = 10_000;
    private int runs = 3;
    private List<String> modes = List.of("keygen", "csr");
    private String jvm = "java";
    private final List<String> launchers = new ArrayList<>();
    private int warmup = 1;
    private Path jar = Path.of("cli/target/nvsgen.jar");
    private String threads;
    private Path dir;
    private String reference;
    private int referenceDevices = 20;
    private boolean keep;
    private boolean limit;

    public static void main(String[] args) throws Exception {
        BatchBench b = new BatchBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> b.devices = Integer.parseInt(args[++i]);
                case "--runs" -> b.runs = Integer.parseInt(args[++i]);
                case "--modes" -> b.modes = List.of(args[++i].split(","));
                case "--java" -> b.jvm = args[++i];
                case "--launcher" -> b.launchers.add(args[++i]);
                case "--warmup" -> b.warmup = Integer.parseInt(args[++i]);
                case "--jar" -> b.jar = Path.of(args[++i]);
                case "--threads" -> b.threads = args[++i];
                case "--dir" -> b.dir = Path.of(args[++i]);
                case "--reference" -> b.reference = args[++i];
                case "--reference-devices" -> b.referenceDevices = Integer.parseInt(args[++i]);
                case "--keep" -> b.keep = true;
                case "--limit" -> b.limit = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        b.run();
    }

    private void run() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("nvsgen-batch-bench-");
        Path ca = Path.of("testdata/batch/ca").toAbsolutePath();
        Files.copy(ca.resolve("ca.pem"), work.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ca.resolve("ca.key"), work.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "work folder %s; %,d devices%n", work, devices);
        long t0 = System.nanoTime();
        writeInputs(work);
        System.out.printf(Locale.ROOT, "inputs written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // Every command line once per round, round after round, as MfgBench does: a slow minute of the
        // machine then hits all of them alike.
        List<String> ways = launchers.isEmpty() ? List.of("jar") : launchers;
        java.util.Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
        for (int w = 0; w < ways.size(); w++) {
            String way = ways.get(w);
            String label = ways.size() == 1 ? "" : " [" + (char) ('A' + w) + "]";
            System.out.printf(Locale.ROOT, "%s%s%n", label.isEmpty() ? "" : label.trim() + ": ", nvsgen(way));
            for (String mode : modes) {
                List<String> cmd = new ArrayList<>(List.of(nvsgen(way).split(" ")));
                cmd.addAll(List.of("batch", "manifest-" + mode + ".yaml", "--quiet"));
                if (threads != null) {
                    cmd.addAll(List.of("--threads", threads));
                }
                commands.put(mode + label, cmd);
            }
        }
        java.util.Map<String, List<double[]>> results = new java.util.LinkedHashMap<>();
        for (int i = runs == 0 ? 0 : -warmup; i < runs; i++) {
            for (var c : commands.entrySet()) {
                double[] r = runOnce(work, c.getKey(), c.getValue(), i);
                if (i >= 0) {
                    results.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        for (var r : results.entrySet()) {
            report(r.getKey(), r.getValue());
        }
        if (reference != null) {
            measureReference(work);
        }
        if (limit) {
            measureLimit();
        }
        if (!keep) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String nvsgen(String way) {
        return way.equals("jar") ? jvm + " -jar " + jar.toAbsolutePath() : way;
    }

    private void writeInputs(Path work) throws Exception {
        String devicesYaml = "devices:\n  range: {prefix: \"SN-\", from: 1, to: " + devices + ", digits: 6}\n";
        String ca = "  ca:\n    certificate: ca.pem\n    key: ca.key\n  validity-days: 365\n";
        Files.writeString(
                work.resolve("manifest-keygen.yaml"),
                "preset: esp_secure_cert\n" + devicesYaml + "credentials:\n" + ca,
                StandardCharsets.UTF_8);
        Files.writeString(
                work.resolve("manifest-csr.yaml"),
                "preset: esp_secure_cert\n" + devicesYaml + "credentials:\n" + ca + "  csr: csrs/${serial}.csr\n"
                        + "  subject: \"CN=${serial}\"\n",
                StandardCharsets.UTF_8);
        if (!modes.contains("csr")) {
            return;
        }
        Path csrs = Files.createDirectories(work.resolve("csrs"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 1; i <= devices; i++) {
            String serial = String.format(Locale.ROOT, "SN-%06d", i);
            KeyPair pair = g.generateKeyPair();
            Files.write(csrs.resolve(serial + ".csr"), TestCa.csrPem(pair, "CN=" + serial));
        }
    }

    /** One run of {@code cmd} into a new output folder: wall seconds, CPU seconds. */
    private double[] runOnce(Path work, String label, List<String> cmd, int i) throws Exception {
        String outdir = "out-" + label.replaceAll("[^A-Za-z0-9_-]+", "-") + "-" + (i < 0 ? "w" + -i : i);
        List<String> run = new ArrayList<>(List.of("/usr/bin/time", "-f", "cpu %U %S"));
        run.addAll(cmd);
        run.addAll(List.of("--outdir", outdir));
        long start = System.nanoTime();
        String err = TimedRun.run(work, label, run);
        double wall = (System.nanoTime() - start) / 1e9;
        long images;
        try (Stream<Path> s = Files.list(work.resolve(outdir).resolve("bin"))) {
            images = s.count();
        }
        if (images != devices) {
            throw new IllegalStateException(label + " wrote " + images + " images, expected " + devices);
        }
        String[] cpu = err.lines()
                .filter(l -> l.startsWith("cpu "))
                .reduce((a, b) -> b)
                .orElseThrow()
                .split(" ");
        return new double[] {wall, Double.parseDouble(cpu[1]) + Double.parseDouble(cpu[2])};
    }

    private void report(String label, List<double[]> runs) {
        List<Double> walls = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        for (double[] r : runs) {
            walls.add(r[0]);
            cpus.add(r[1]);
        }
        List<String> inOrder =
                walls.stream().map(w -> String.format(Locale.ROOT, "%.2f", w)).toList();
        walls.sort(null);
        cpus.sort(null);
        double median = walls.get(walls.size() / 2);
        double cpu = cpus.get(cpus.size() / 2);
        System.out.printf(
                Locale.ROOT,
                "%-12s %,d devices: %.2f s median (runs %s): %,.0f devices/s, whole process; CPU %.2f s median,"
                        + " %.0f us per device%n",
                label,
                devices,
                median,
                inOrder,
                devices / median,
                cpu,
                cpu / devices * 1e6);
    }

    /**
     * The ECDSA work alone, in CPU time per device on this JVM (one thread, after a warm-up): a P-256 key
     * pair and one signature, on SunEC and on Bouncy Castle's P-256 (what nvsgen uses). CPU time, unlike
     * wall time, hardly moves when other processes share the cores, so it compares with the runs' CPU.
     */
    private static void measureLimit() throws Exception {
        byte[] tbs = new byte[330];
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        java.security.Signature sig = java.security.Signature.getInstance("SHA256withECDSA");
        sig.initSign(g.generateKeyPair().getPrivate());
        var domain = new org.bouncycastle.crypto.params.ECDomainParameters(
                org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1"));
        var bcGen = new org.bouncycastle.crypto.generators.ECKeyPairGenerator();
        bcGen.init(
                new org.bouncycastle.crypto.params.ECKeyGenerationParameters(domain, new java.security.SecureRandom()));
        var bcCa = bcGen.generateKeyPair().getPrivate();
        for (String provider : List.of("SunEC", "Bouncy Castle P-256")) {
            boolean bc = provider.startsWith("Bouncy");
            double perOp = 0;
            for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
                long cpu0 = processCpuNanos();
                int ops = 2000;
                for (int i = 0; i < ops; i++) {
                    if (bc) {
                        bcGen.generateKeyPair();
                        var s = new org.bouncycastle.crypto.signers.ECDSASigner();
                        s.init(true, bcCa);
                        s.generateSignature(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(tbs));
                    } else {
                        g.generateKeyPair().getPublic().getEncoded();
                        sig.update(tbs);
                        sig.sign();
                    }
                }
                perOp = (processCpuNanos() - cpu0) / 1e3 / ops;
            }
            System.out.printf(
                    Locale.ROOT,
                    "limit    %s: key pair + signature %.0f us CPU per device (%,.0f devices/s per core)%n",
                    provider,
                    perOp,
                    1e6 / perOp);
        }
    }

    /** This process's CPU time; the loop is its only busy thread once the JIT has settled. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private void measureReference(Path work) throws Exception {
        Path out = Files.createDirectories(work.resolve("out-reference"));
        long start = System.nanoTime();
        for (int i = 1; i <= referenceDevices; i++) {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", reference)
                    .directory(work.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("SERIAL", String.format(Locale.ROOT, "SN-%06d", i));
            pb.environment().put("OUT", out.toString());
            int status = pb.start().waitFor();
            if (status != 0) {
                throw new IllegalStateException("the reference failed with status " + status + ": " + reference);
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "reference %,d devices: %.2f s: %,.1f devices/s (%s)%n",
                referenceDevices,
                wall,
                referenceDevices / wall,
                Arrays.asList(reference));
    }
}
