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
 *   --runs N             runs of each mode; the median is reported (default 3)
 *   --modes LIST         keygen, csr (default keygen,csr)
 *   --java CMD           the JVM and its flags (default "java"), e.g. a JDK 25's bin/java
 *   --launcher CMD       run nvsgen as CMD (e.g. bin/nvsgen) instead of JAVA -jar JAR
 *   --jar FILE           the nvsgen jar (default cli/target/nvsgen.jar)
 *   --threads N          pass --threads N to nvsgen batch
 *   --dir DIR            work folder (default: a new folder in java.io.tmpdir)
 *   --reference CMD      a per-device shell command (sh -c; $SERIAL, $OUT set) timed on a few devices, e.g.
 *                        the openssl + nvs_partition_gen loop the batch replaces
 *   --reference-devices N  devices for --reference (default 20)
 *   --keep               keep the work folder
 * </pre>
 */
public final class BatchBench {
    private int devices = 10_000;
    private int runs = 3;
    private List<String> modes = List.of("keygen", "csr");
    private String java = "java";
    private String launcher;
    private Path jar = Path.of("cli/target/nvsgen.jar");
    private String threads;
    private Path dir;
    private String reference;
    private int referenceDevices = 20;
    private boolean keep;

    public static void main(String[] args) throws Exception {
        BatchBench b = new BatchBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> b.devices = Integer.parseInt(args[++i]);
                case "--runs" -> b.runs = Integer.parseInt(args[++i]);
                case "--modes" -> b.modes = List.of(args[++i].split(","));
                case "--java" -> b.java = args[++i];
                case "--launcher" -> b.launcher = args[++i];
                case "--jar" -> b.jar = Path.of(args[++i]);
                case "--threads" -> b.threads = args[++i];
                case "--dir" -> b.dir = Path.of(args[++i]);
                case "--reference" -> b.reference = args[++i];
                case "--reference-devices" -> b.referenceDevices = Integer.parseInt(args[++i]);
                case "--keep" -> b.keep = true;
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
        System.out.printf(Locale.ROOT, "work folder %s; %,d devices; %s%n", work, devices, nvsgen());
        long t0 = System.nanoTime();
        writeInputs(work);
        System.out.printf(Locale.ROOT, "inputs written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (String mode : modes) {
            List<String> cmd = new ArrayList<>(List.of(nvsgen().split(" ")));
            cmd.addAll(List.of("batch", "manifest-" + mode + ".yaml", "--force", "--quiet"));
            if (threads != null) {
                cmd.addAll(List.of("--threads", threads));
            }
            measure(work, mode, cmd);
        }
        if (reference != null) {
            measureReference(work);
        }
        if (!keep) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String nvsgen() {
        return launcher != null ? launcher : java + " -jar " + jar.toAbsolutePath();
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

    private void measure(Path work, String label, List<String> cmd) throws Exception {
        List<Double> walls = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<String> run = new ArrayList<>(cmd);
            run.addAll(List.of("--outdir", "out-" + label));
            long start = System.nanoTime();
            Process p = new ProcessBuilder(run)
                    .directory(work.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            double wall = (System.nanoTime() - start) / 1e9;
            if (status != 0) {
                throw new IllegalStateException(label + " failed with status " + status + ":\n" + err);
            }
            long images;
            try (Stream<Path> s = Files.list(work.resolve("out-" + label).resolve("bin"))) {
                images = s.count();
            }
            if (images != devices) {
                throw new IllegalStateException(label + " wrote " + images + " images, expected " + devices);
            }
            walls.add(wall);
        }
        walls.sort(null);
        double median = walls.get(walls.size() / 2);
        System.out.printf(
                Locale.ROOT,
                "%-8s %,d devices: %.2f s median (runs %s): %,.0f devices/s, whole process%n",
                label,
                devices,
                median,
                walls.stream().map(w -> String.format(Locale.ROOT, "%.2f", w)).toList(),
                devices / median);
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
