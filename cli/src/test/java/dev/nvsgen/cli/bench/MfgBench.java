package dev.nvsgen.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Times whole {@code nvsgen mfg generate} processes on a factory-style batch, as a person would run them:
 * a fresh JVM with a small heap, wall time and peak resident memory from {@code /usr/bin/time -v}. Not a
 * test: timings depend on the machine, so nothing here asserts on them.
 *
 * <p>The batch mirrors the conformance case {@code mfg_factory}: namespace {@code device}; a serial; a DER
 * certificate and a DER private key per device ({@code file,binary}); a PEM CA shared by all
 * ({@code file,string,REPEAT}); a Wi-Fi SSID and three integers; partition 0x6000.
 *
 * <pre>
 * java -cp cli/target/test-classes dev.nvsgen.cli.bench.MfgBench [options]
 *   --devices N        devices per run (default 10000)
 *   --files N          distinct certificate/key file pairs, used in turn (default: one pair per device)
 *   --dir DIR          work folder (default: a new folder in java.io.tmpdir)
 *   --runs N           runs of each variant; the median is reported (default 3; 0 only writes the inputs)
 *   --warmup N         untimed rounds first (default 1): page cache, Python's bytecode cache, and the
 *                      launcher's CDS archive or AOT cache, which a command's first run makes
 *   --jar FILE         the nvsgen jar (default cli/target/nvsgen.jar)
 *   --heap SIZE        -Xmx of the measured JVM (default 256m)
 *   --variants LIST    comma-separated: plain, plain-no-csv, plain-no-precheck, encrypted
 *                      (default plain,plain-no-csv)
 *   --reference CMD    also time this mfg_gen command line (e.g. "python3 /opt/mfg_gen.py"), same arguments
 *   --threads LIST     comma-separated --threads values to run each variant with (default: nvsgen's default)
 *   --launcher CMD     run nvsgen as CMD (e.g. bin/nvsgen, its JVM flags) instead of java -Xmx… -jar JAR;
 *                      repeat it to time several ways side by side ("jar" stands for java -Xmx… -jar JAR,
 *                      "env JAVA_HOME=… bin/nvsgen" runs the launcher on another JDK)
 *   --floor            also time {@link WriteFloor}: the same files read and written, nothing else
 *   --keep             keep the work folder
 * </pre>
 *
 * The encrypted variant encrypts with one shared keys file ({@code --inputkey keys.bin}).
 */
public final class MfgBench {
    private static final Pattern WALL = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (\\S+)");
    private static final Pattern USER = Pattern.compile("User time \\(seconds\\): (\\S+)");
    private static final Pattern SYSTEM = Pattern.compile("System time \\(seconds\\): (\\S+)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    private int devices = 10_000;
    private int files = -1;
    private Path dir;
    private int runs = 3;
    private int warmup = 1;
    private Path jar = Path.of("cli/target/nvsgen.jar");
    private String heap = "256m";
    private List<String> variants = List.of("plain", "plain-no-csv");
    private String reference;
    private boolean keep;
    private List<String> threads = List.of("");
    private final List<String> launchers = new ArrayList<>();
    private boolean floor;

    public static void main(String[] args) throws Exception {
        MfgBench b = new MfgBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> b.devices = Integer.parseInt(args[++i]);
                case "--files" -> b.files = Integer.parseInt(args[++i]);
                case "--dir" -> b.dir = Path.of(args[++i]);
                case "--runs" -> b.runs = Integer.parseInt(args[++i]);
                case "--warmup" -> b.warmup = Integer.parseInt(args[++i]);
                case "--jar" -> b.jar = Path.of(args[++i]);
                case "--heap" -> b.heap = args[++i];
                case "--variants" -> b.variants = List.of(args[++i].split(","));
                case "--reference" -> b.reference = args[++i];
                case "--keep" -> b.keep = true;
                case "--threads" -> b.threads = List.of(args[++i].split(","));
                case "--launcher" -> b.launchers.add(args[++i]);
                case "--floor" -> b.floor = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        b.run();
    }

    private void run() throws Exception {
        if (files < 0) {
            files = devices;
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("nvsgen-bench-");
        System.out.printf(
                Locale.ROOT, "work folder %s; %,d devices, %,d certificate/key pairs%n", work, devices, files);
        long t0 = System.nanoTime();
        writeInputs(work);
        System.out.printf(Locale.ROOT, "inputs written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // Every command line once per round, round after round: the disk and the other processes on the
        // machine change over a minute, and interleaving spreads that over all of them alike.
        java.util.Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
        List<String> ways = launchers.isEmpty() ? List.of("jar") : launchers;
        for (int w = 0; w < ways.size(); w++) {
            String label = ways.size() == 1 ? "" : " [" + (char) ('A' + w) + "]";
            if (!label.isEmpty()) {
                System.out.printf(Locale.ROOT, "%s: %s%n", label.trim(), ways.get(w));
            }
            for (String variant : variants) {
                for (String t : threads) {
                    List<String> cmd = nvsgen(ways.get(w), variant);
                    if (!t.isEmpty()) {
                        cmd.addAll(List.of("--threads", t));
                    }
                    commands.put((t.isEmpty() ? variant : variant + " t" + t) + label, cmd);
                }
            }
        }
        if (reference != null) {
            for (String variant : variants) {
                if (variant.startsWith("plain-no-")) {
                    continue; // mfg_gen has no such options
                }
                List<String> cmd = new ArrayList<>(Arrays.asList(reference.split(" ")));
                cmd.addAll(List.of("generate", "config.csv", "values.csv", "factory", "0x6000", "--fileid", "serial"));
                if (variant.equals("encrypted")) {
                    cmd.addAll(List.of("--inputkey", "keys.bin"));
                }
                commands.put("mfg_gen " + variant, cmd);
            }
        }
        if (floor) {
            commands.put(
                    "floor",
                    List.of(
                            "java",
                            "-cp",
                            Path.of(System.getProperty("java.class.path"))
                                    .toAbsolutePath()
                                    .toString(),
                            WriteFloor.class.getName(),
                            "values.csv",
                            "0x6000"));
        }
        java.util.Map<String, List<double[]>> results = new java.util.LinkedHashMap<>();
        for (int i = 0; i < warmup && runs > 0; i++) {
            for (var c : commands.entrySet()) {
                runOnce(work, c.getKey(), c.getValue(), -1 - i);
            }
        }
        for (int i = 0; i < runs; i++) {
            for (var c : commands.entrySet()) {
                results.computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                        .add(runOnce(work, c.getKey(), c.getValue(), i));
            }
        }
        for (var r : results.entrySet()) {
            report(r.getKey(), r.getValue());
        }
        if (!keep) {
            delete(work);
        }
    }

    private List<String> nvsgen(String launcher, String variant) {
        List<String> cmd = new ArrayList<>(
                !launcher.equals("jar")
                        ? Arrays.asList(launcher.split(" "))
                        : List.of(
                                "java",
                                "-Xmx" + heap,
                                "-jar",
                                jar.toAbsolutePath().toString()));
        cmd.addAll(List.of(
                "mfg", "generate", "config.csv", "values.csv", "factory", "0x6000", "--fileid", "serial", "--quiet"));
        switch (variant) {
            case "plain" -> {}
            case "plain-no-csv" -> cmd.add("--no-csv");
            case "plain-no-precheck" -> cmd.add("--no-precheck");
            case "encrypted" -> cmd.addAll(List.of("--inputkey", "keys.bin"));
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        }
        return cmd;
    }

    /**
     * Runs {@code cmd} in {@code work} {@link #runs} times, each into a new output folder: outputs are
     * removed only at the end, because ext4 allocates inodes slowly for a while after mass deletion.
     */
    /** One run of {@code cmd} into a new output folder: wall seconds, CPU seconds, peak RSS in KiB. */
    private double[] runOnce(Path work, String label, List<String> cmd, int i) throws Exception {
        // A new output folder each time, removed only at the end: ext4 allocates inodes slowly for a while
        // after mass deletion.
        String outdir = "out-" + label.replaceAll("[^A-Za-z0-9_-]+", "-") + "-" + i;
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-v"));
        timed.addAll(cmd);
        timed.addAll(List.of("--outdir", outdir));
        String err = TimedRun.run(work, label, timed);
        long images;
        try (Stream<Path> s = Files.list(work.resolve(outdir).resolve("bin"))) {
            images = s.count();
        }
        if (images != devices) {
            throw new IllegalStateException(label + " wrote " + images + " images, expected " + devices);
        }
        return new double[] {
            seconds(find(WALL, err)),
            Double.parseDouble(find(USER, err)) + Double.parseDouble(find(SYSTEM, err)),
            Long.parseLong(find(RSS, err))
        };
    }

    private void report(String label, List<double[]> runs) {
        List<Double> walls = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (double[] r : runs) {
            walls.add(r[0]);
            cpus.add(r[1]);
            rss.add(r[2]);
        }
        List<String> inOrder =
                walls.stream().map(w -> String.format(Locale.ROOT, "%.2f", w)).toList();
        walls.sort(null);
        cpus.sort(null);
        rss.sort(null);
        System.out.printf(
                Locale.ROOT,
                "%-18s %,d devices: wall %.2f s median (runs %s), CPU %.2f s median, peak RSS %,d MiB median (max %,d"
                        + " MiB)%n",
                label,
                devices,
                walls.get(walls.size() / 2),
                inOrder,
                cpus.get(cpus.size() / 2),
                (long) (rss.get(rss.size() / 2) / 1024),
                (long) (rss.get(rss.size() - 1) / 1024));
    }

    private void writeInputs(Path work) throws IOException {
        Random random = new Random(20260101L);
        Files.writeString(
                work.resolve("config.csv"),
                String.join(
                        "\n",
                        "device,namespace,",
                        "serial,data,string",
                        "dev_cert,file,binary",
                        "priv_key,file,binary",
                        "ca_cert,file,string,REPEAT",
                        "wifi_ssid,data,string",
                        "provisioned,data,u8",
                        "prov_flags,data,u32",
                        "hw_rev,data,u16",
                        ""));
        Path dev = Files.createDirectories(work.resolve("files/dev"));
        Files.createDirectories(work.resolve("files/ca"));
        Files.writeString(work.resolve("files/ca/root_ca.pem"), pem(random));
        // A bare 64-byte keys file (data key, tweak key): both tools read just those bytes.
        byte[] keys = new byte[64];
        random.nextBytes(keys);
        Files.write(work.resolve("keys.bin"), keys);
        for (int i = 1; i <= files; i++) {
            Files.write(
                    dev.resolve(String.format(Locale.ROOT, "%07d.crt.der", i)),
                    bytes(random, 300 + random.nextInt(60)));
            Files.write(dev.resolve(String.format(Locale.ROOT, "%07d.key.der", i)), bytes(random, 138));
        }
        try (Writer w = Files.newBufferedWriter(work.resolve("values.csv"))) {
            w.write("serial,dev_cert,priv_key,ca_cert,wifi_ssid,provisioned,prov_flags,hw_rev\n");
            for (int i = 1; i <= devices; i++) {
                int f = (i - 1) % files + 1;
                w.write(String.format(
                        Locale.ROOT,
                        "ACME-S3-%07d,files/dev/%07d.crt.der,files/dev/%07d.key.der,%s,Acme-Factory-2G4,%d,%d,%d\n",
                        i,
                        f,
                        f,
                        i == 1 ? "files/ca/root_ca.pem" : "",
                        i % 2,
                        random.nextInt() & 0xFFFFFFFFL,
                        3 + i % 3));
            }
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] = 0x30; // a DER SEQUENCE, to look the part
        return b;
    }

    private static String pem(Random random) {
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(bytes(random, 520));
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no '" + p + "' in /usr/bin/time's output:\n" + tail(text));
        }
        return m.group(1);
    }

    /** {@code h:mm:ss} or {@code m:ss.ss} to seconds. */
    private static double seconds(String clock) {
        double s = 0;
        for (String part : clock.split(":")) {
            s = s * 60 + Double.parseDouble(part);
        }
        return s;
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
