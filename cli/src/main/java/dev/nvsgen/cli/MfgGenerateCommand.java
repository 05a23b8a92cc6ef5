package dev.nvsgen.cli;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.factory.BatchListener;
import dev.nvsgen.factory.BatchSummary;
import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.DeviceEncryptions;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.factory.OutputExistsException;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.factory.SummaryFile;
import dev.nvsgen.factory.mfg.MfgBatch;
import dev.nvsgen.factory.mfg.MfgConfig;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.PartitionSize;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nvsgen mfg generate}: the drop-in for {@code mfg_gen generate}, on every core. */
@Command(
        name = "generate",
        sortOptions = false,
        description = {
            "One NVS image per row of VALUES.csv, with the entries CONFIG.csv lists, byte for byte as mfg_gen makes"
                    + " them: OUTDIR/bin/PREFIX-ID.bin, and in OUTDIR/csv/PREFIX-ID.csv the CSV mfg_gen would hand to"
                    + " nvs_partition_gen.",
            "ID is the --fileid column's value, else 1, 2, 3 ... `file` values are relative to the current folder.",
            "The values file is checked whole (every value, every named file) before anything is written, and"
                    + " existing outputs are kept unless --force is given; an interrupted run is finished with --resume. A record of the run (device, image, its"
                    + " SHA-256, keys file) goes to OUTDIR/PREFIX-summary.csv unless --summary says otherwise."
        })
final class MfgGenerateCommand implements Callable<Integer> {
    /** mfg_gen's names for a device's keys file and HMAC key file in {@code keys/}. */
    private static final String MFG_KEYS_FILE = "keys-%s.bin";

    private static final String MFG_HMAC_KEY_FILE = "hmac-keys-%s.bin";

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(
            index = "0",
            paramLabel = "CONFIG.csv",
            description = "Namespaces and keys: key,type,encoding[,REPEAT].")
    String config;

    @Parameters(index = "1", paramLabel = "VALUES.csv", description = "A header of keys, then one row per device.")
    String values;

    @Parameters(index = "2", paramLabel = "PREFIX", description = "What every output name starts with.")
    String prefix;

    @Parameters(
            index = "3",
            arity = "0..1",
            paramLabel = "SIZE",
            description =
                    "Partition size, e.g. 0x6000, 24576 or 24K (at most 128M); may be left out with --partition-table.")
    String size;

    @Mixin
    PartitionTableMixin partitionTable;

    @Option(
            names = "--fileid",
            paramLabel = "KEY",
            description = "Name each device's files by this values column (default: 1, 2, 3 ...).")
    String fileId;

    @Option(
            names = {"--prefix_num", "--prefix-num"},
            arity = "2",
            paramLabel = "START DIGITS",
            hideParamSyntax = true,
            description = "Add a counter from START, zero-padded to DIGITS: PREFIX-NUM-ID.")
    long[] prefixNum;

    @Option(
            names = "--outdir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Where bin/, csv/ and keys/ go (default: current folder).")
    String outdir;

    @Mixin
    FormatVersionOption version;

    @Option(
            names = "--keygen",
            description = "Encrypt, with new keys for each device, written to keys/keys-PREFIX-ID.bin.")
    boolean keygen;

    @Option(
            names = "--keyfile",
            paramLabel = "FILE",
            description = "Accepted as mfg_gen does, and ignored: with --keygen each device's keys file is named"
                    + " keys-PREFIX-ID.bin.")
    String keyfile;

    @Option(names = "--inputkey", paramLabel = "FILE", description = "Encrypt every image with the keys in FILE.")
    String inputKey;

    @Option(
            names = {"--key_protect_hmac", "--key-protect-hmac"},
            description = "With --keygen: derive the keys from an HMAC key (the HMAC-based key protection scheme).")
    boolean keyProtectHmac;

    @Option(
            names = {"--kp_hmac_keygen", "--kp-hmac-keygen"},
            description = "With --key_protect_hmac: a new HMAC key for each device, in keys/hmac-keys-PREFIX-ID.bin.")
    boolean hmacKeygen;

    @Option(
            names = {"--kp_hmac_keyfile", "--kp-hmac-keyfile"},
            paramLabel = "FILE",
            description = "Refused: mfg_gen would write every device's HMAC key to this one file.")
    String hmacKeyfile;

    @Option(
            names = {"--kp_hmac_inputkey", "--kp-hmac-inputkey"},
            paramLabel = "FILE",
            description = "With --key_protect_hmac: the HMAC key to derive every device's keys from.")
    String hmacInputKey;

    @Option(names = "--force", description = "Replace outputs (images, CSVs, keys, summary) that exist.")
    boolean force;

    @Option(
            names = "--resume",
            description = "Finish a run that was interrupted (OUTDIR/PREFIX-progress.csv): devices it wrote are"
                    + " kept, the rest are made; refused if the config, values or options changed.")
    boolean resume;

    @Option(
            names = "--csv",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Write each device's CSV to csv/ as mfg_gen does (default: yes; --no-csv to skip).")
    boolean csv;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "The run's record: CSV, or JSON if FILE ends in .json (default: OUTDIR/PREFIX-summary.csv).")
    String summary;

    @Option(names = "--no-summary", description = "Write no summary file.")
    boolean noSummary;

    @Option(
            names = "--no-precheck",
            description = "Write the first image sooner: skip checking every value and file beforehand; a bad value"
                    + " then stops the run at its device, the images before it kept.")
    boolean noPrecheck;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
    Integer threads;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress display and no closing summary line.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        partitionTable.checkUsage();
        if (resume && force) {
            throw new CliException(
                    "--resume and --force exclude each other: finish the interrupted run, or start over");
        }
        if (partitionTable.mergedPath(main) != null) {
            throw new CliException("--merged makes one file of one image; mfg generate writes a flash-args file"
                    + " beside each device's image instead");
        }
        if (size == null && !partitionTable.present()) {
            throw new CliException("SIZE is missing (give it, or --partition-table to take it from the table)");
        }
        FormatVersion formatVersion = version.formatVersion();
        if (threads != null && threads < 1) {
            throw new CliException("--threads must be at least 1, was " + threads);
        }
        if (prefixNum != null && (prefixNum[1] < 0 || prefixNum[1] > 100)) {
            throw new CliException("--prefix_num DIGITS must be 0 to 100, was " + prefixNum[1]);
        }
        Path outDir = main.resolve(outdir).normalize();
        DeviceEncryption keys = encryption(main, outDir);
        // The HMAC scheme derives the keys on the device: an nvs_keys partition plays no part in it.
        NvsTarget target =
                partitionTable.present() ? partitionTable.target(main, keys != null && !keyProtectHmac) : null;
        PartitionSize partitionSize = target == null ? PartitionSize.parse(size) : partitionTable.size(target, size);
        if (keyfile != null && !quiet) {
            spec.commandLine()
                    .getErr()
                    .println(spec.qualifiedName(" ") + ": warning: --keyfile is ignored, as mfg_gen does"
                            + (keygen ? " (each device's keys go to keys/keys-PREFIX-ID.bin)" : ""));
        }
        String summaryName = summary != null ? summary : join(outdir, prefix + "-summary.csv");
        OutputPlan files = new OutputPlan("--force")
                .input(main.resolve(config), config, "the config file")
                .input(main.resolve(values), values, "the values file");
        if (inputKey != null) {
            files.keyFile(main.resolve(inputKey), inputKey, "the keys file given with --inputkey");
        }
        if (hmacInputKey != null) {
            files.keyFile(main.resolve(hmacInputKey), hmacInputKey, "the HMAC key given with --kp_hmac_inputkey");
        }
        if (partitionTable.present()) {
            files.input(main.resolve(partitionTable.tableFile), partitionTable.tableFile, "the partition table");
        }
        if (!noSummary) {
            files.output(main.resolve(summaryName), summaryName, "the summary (--summary)", OutputPlan.Kind.ANY);
            checkSummaryPlace(main.resolve(summaryName), summaryName, outDir);
        }
        files.output(
                outDir.resolve(prefix + "-progress.csv"),
                join(outdir, prefix + "-progress.csv"),
                "the run's progress file",
                OutputPlan.Kind.ANY);
        files.check(true); // an existing summary is refused below, unless --force or --resume
        MfgConfig mfgConfig = MfgConfig.read(main.resolve(config), config);
        MfgBatch.Builder builder = MfgBatch.builder(mfgConfig, main.resolve(values), prefix, partitionSize)
                .valuesName(values)
                .version(formatVersion)
                .fileId(fileId)
                .outputDir(outDir, outdir.length() > 1 ? outdir.replaceAll("/+$", "") : outdir)
                .baseDir(main.workingDir())
                .intermediateCsv(csv)
                .overwrite(force)
                .checkValuesFirst(!noPrecheck)
                .encryption(keys)
                .resume(resume)
                .remedyNames("--resume", "--force")
                .keyFiles(newKeys, keyFiles)
                .input(main.resolve(config), config)
                .fingerprint("the encryption", encryptionSetting());
        if (hmacInputKey != null) {
            builder.input(main.resolve(hmacInputKey), hmacInputKey);
        }
        if (partitionTable.present()) {
            builder.input(main.resolve(partitionTable.tableFile), partitionTable.tableFile);
        }
        if (inputKey != null) {
            builder.input(main.resolve(inputKey), inputKey);
            builder.fingerprintFile("the keys file " + inputKey, main.resolve(inputKey));
        }
        if (hmacInputKey != null) {
            builder.fingerprintFile("the HMAC key " + hmacInputKey, main.resolve(hmacInputKey));
        }
        if (partitionTable.present()) {
            builder.fingerprintFile(
                    "the partition table " + partitionTable.tableFile, main.resolve(partitionTable.tableFile));
            builder.fingerprint("the partitions", partitionTable.partition + "/" + partitionTable.keysPartition);
        }
        if (prefixNum != null) {
            builder.prefixNumber(prefixNum[0], (int) prefixNum[1]);
        }
        if (threads != null) {
            builder.threads(threads);
        }
        PrintWriter terminal =
                System.console() != null && !quiet ? spec.commandLine().getErr() : null;
        MfgBatch.Plan plan;
        try {
            if (terminal != null) {
                terminal.print("Checking " + values + "...");
                terminal.flush();
            }
            plan = builder.build().check();
        } catch (OutputExistsException e) {
            throw new CliException(
                    e.getMessage()
                            + (e.getMessage().contains("--force") ? "" : " (use --force to replace existing outputs)"),
                    ExitCode.INPUT);
        } finally {
            if (terminal != null) {
                terminal.print("\r" + " ".repeat(values.length() + 12) + "\r");
                terminal.flush();
            }
        }

        try {
            return run(plan, keys, target, partitionSize, summaryName, main, terminal);
        } finally {
            plan.close();
        }
    }

    private int run(
            MfgBatch.Plan plan,
            DeviceEncryption keys,
            NvsTarget target,
            PartitionSize partitionSize,
            String summaryName,
            Main main,
            PrintWriter terminal)
            throws java.io.IOException {
        if (plan.resuming() && keys instanceof ResumableKeys r) {
            r.resuming = true;
        }
        SummaryFile summaryFile =
                noSummary ? null : openSummary(main.resolve(summaryName), summaryName, force || plan.resuming());
        BatchSummary done = null;
        NvsException failed = null;
        long devicesDone;
        // The progress line is cleared (closed) before anything else is printed, failure or not.
        InterruptNotice interrupted =
                new InterruptNotice(spec.qualifiedName(" "), spec.commandLine().getErr(), plan::saveProgress);
        try (Progress progress = new Progress(plan.devices(), terminal);
                interrupted) {
            interrupted
                    .counting(
                            progress,
                            plan.devices(),
                            "images written and recorded in "
                                    + plan.progressFile().getFileName())
                    .register();
            BatchListener listener = summaryFile == null ? progress : progress.andThen(summaryFile);
            if (target != null) {
                listener = listener.andThen(target.flashArgsWriter());
            }
            try {
                done = plan.run(listener);
            } catch (NvsException e) {
                failed = e;
            }
            devicesDone = progress.devices();
        }
        if (failed != null) {
            closeSummary(summaryFile);
            warn(plan);
            throw failure(failed, devicesDone, summaryFile == null ? null : summaryName);
        }
        warn(plan);
        closeSummary(summaryFile);
        if (!quiet) {
            spec.commandLine().getOut().println(line(done, partitionSize, summaryFile == null ? null : summaryName));
        }
        return ExitCode.OK;
    }

    /**
     * The encryption the options ask for, or null for plain images. Refuses what mfg_gen would get wrong
     * silently: HMAC options without --keygen, and one --kp_hmac_keyfile for many devices' HMAC keys.
     */
    private DeviceEncryption encryption(Main main, Path outDir) {
        KeyGenOptions k = new KeyGenOptions();
        k.keyProtectHmac = keyProtectHmac;
        k.hmacKeygen = hmacKeygen;
        k.hmacKeyfile = hmacKeyfile;
        k.hmacInputkey = hmacInputKey;
        if (keygen && inputKey != null) {
            throw new CliException("--keygen and --inputkey exclude each other: make new keys or use a keys file");
        }
        if (inputKey != null) {
            if (k.anyHmacOption()) {
                throw new CliException("--key_protect_hmac and the --kp_hmac_ options make new keys with --keygen;"
                        + " they do not go with --inputkey");
            }
            return DeviceEncryptions.sharedKeys(NvsKeys.read(main.resolve(inputKey), inputKey));
        }
        if (!keygen) {
            if (k.anyHmacOption()) {
                throw new CliException("the HMAC options say how --keygen makes keys; give --keygen too (or"
                        + " --inputkey FILE to encrypt with a keys file)");
            }
            return null;
        }
        k.check();
        if (hmacKeyfile != null) {
            throw new CliException("--kp_hmac_keyfile names one file, but every device gets its own HMAC key"
                    + " (keys/hmac-keys-PREFIX-ID.bin); leave it out");
        }
        Path keysDir = outDir.resolve("keys");
        String shown = (outdir.equals(".") ? "" : outdir.replaceAll("/+$", "") + "/") + "keys";
        DeviceEncryption e;
        if (!keyProtectHmac) {
            e = DeviceEncryptions.keysPerDevice(MFG_KEYS_FILE);
            keyFiles = new String[] {MFG_KEYS_FILE};
            newKeys = true;
        } else if (hmacKeygen) {
            e = DeviceEncryptions.hmacKeyPerDevice(MFG_KEYS_FILE, MFG_HMAC_KEY_FILE);
            keyFiles = new String[] {MFG_KEYS_FILE, MFG_HMAC_KEY_FILE};
            newKeys = true;
        } else {
            e = DeviceEncryptions.sharedKeys(
                    HmacKey.read(main.resolve(hmacInputKey), hmacInputKey).deriveNvsKeys(), MFG_KEYS_FILE);
            keyFiles = new String[] {MFG_KEYS_FILE};
        }
        return new ResumableKeys(e, DeviceEncryptions.keepingExistingKeyFiles(e, keysDir, shown));
    }

    /** The key file name patterns --keygen writes under keys/, and whether they hold new random keys. */
    private String[] keyFiles = {};

    private boolean newKeys;

    /**
     * Key files are never replaced with other keys, except when finishing an interrupted run: a key file
     * of a device that run did not record (written before its image, never flashed) goes with the rest
     * of that device's files.
     */
    private static final class ResumableKeys implements DeviceEncryption {
        private final DeviceEncryption fresh;
        private final DeviceEncryption keeping;
        private volatile boolean resuming;

        ResumableKeys(DeviceEncryption fresh, DeviceEncryption keeping) {
            this.fresh = fresh;
            this.keeping = keeping;
        }

        @Override
        public List<KeyFile> encrypt(String name, byte[] image) {
            return (resuming ? fresh : keeping).encrypt(name, image);
        }
    }

    /** The summary may not go among the devices' files, where it could replace one of them. */
    private static void checkSummaryPlace(Path summary, String shown, Path outDir) {
        Path folder = realFolder(summary.toAbsolutePath().normalize().getParent());
        for (String devices : new String[] {"bin", "csv", "keys"}) {
            if (folder != null && folder.equals(realFolder(outDir.resolve(devices)))) {
                throw new CliException(
                        shown + ": the summary cannot go into " + devices + "/, where the run writes"
                                + " each device's files; name a file elsewhere with --summary",
                        ExitCode.INPUT);
            }
        }
    }

    private static Path realFolder(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p; // not there yet: compared as written
        }
    }

    /** The encryption settings as text, for the run's fingerprint (key files are added by their content). */
    private String encryptionSetting() {
        return "keygen=" + keygen + " inputkey=" + (inputKey != null) + " hmac=" + keyProtectHmac + " hmac_keygen="
                + hmacKeygen;
    }

    private SummaryFile openSummary(Path file, String name, boolean replace) throws java.io.IOException {
        try {
            return SummaryFile.create(file, replace);
        } catch (FileAlreadyExistsException e) {
            throw new CliException(
                    name + " already exists; not replacing it (use --force, or --summary FILE to name another)",
                    ExitCode.INPUT);
        }
    }

    private static void closeSummary(SummaryFile summary) throws java.io.IOException {
        if (summary != null) {
            summary.close();
        }
    }

    private void warn(MfgBatch.Plan plan) {
        PrintWriter err = spec.commandLine().getErr();
        for (String w : plan.warnings()) {
            err.println(spec.qualifiedName(" ") + ": warning: " + w);
        }
    }

    /** The run's error, with a word on the images written before it: they are whole and recorded. */
    private static RuntimeException failure(NvsException e, long written, String summaryName) {
        String message = e.getMessage();
        if (e instanceof OutputExistsException) {
            message += " (use --force to replace existing outputs)";
        }
        if (written > 0) {
            message += System.lineSeparator() + "  " + written + " image" + (written == 1 ? " was" : "s were")
                    + " written before the failure; they are complete and valid"
                    + (summaryName == null ? "" : " (listed in " + summaryName + ")");
        }
        return new CliException(message, ExitCode.INPUT);
    }

    private static String line(BatchSummary done, PartitionSize size, String summaryName) {
        double seconds = done.elapsed().toNanos() / 1e9;
        return String.format(
                Locale.ROOT,
                "Generated %,d NVS image%s (%s) in %.2f s (%,.0f devices/s), %s%s",
                done.devices(),
                done.devices() == 1 ? "" : "s",
                size,
                seconds,
                seconds > 0 ? done.devices() / seconds : 0.0,
                bytes(done.imageBytes()),
                summaryName == null ? "" : "; record: " + summaryName);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    private static String join(String dir, String file) {
        return dir.equals(".") || dir.isEmpty() ? file : dir.endsWith("/") ? dir + file : dir + "/" + file;
    }
}
