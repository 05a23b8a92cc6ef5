package dev.nvsgen.factory.mfg;

import dev.nvsgen.factory.BatchListener;
import dev.nvsgen.factory.BatchRunner;
import dev.nvsgen.factory.BatchSummary;
import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.DeviceJob;
import dev.nvsgen.factory.DeviceRecord;
import dev.nvsgen.factory.OutputExistsException;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.factory.RunFingerprint;
import dev.nvsgen.factory.RunLock;
import dev.nvsgen.factory.TempFiles;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.ValueEncoding;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.nvs.util.Sha256;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A production run as mfg_gen makes it: one NVS image per row of a values file, from the entries a
 * config file lists, byte for byte as {@code mfg_gen generate} writes them.
 *
 * <p>Outputs, under the output folder: {@code bin/PREFIX-ID.bin} per device, where ID is the value of the
 * {@link Builder#fileId file id} column or 1, 2, 3 …, and {@code PREFIX-NUM-ID} with a
 * {@link Builder#prefixNumber prefix number}; {@code csv/PREFIX-ID.csv}, the CSV mfg_gen would hand to
 * nvs_partition_gen for it (unless turned off); with {@link Builder#encryption encryption}, key files
 * under {@code keys/}. Nothing is written next to the input files.
 *
 * <p>{@link #check()} reads the values file once without writing anything: every row's shape, every
 * device's name (unique, and no existing file in its way unless overwriting), every data value and the
 * presence of every file a value names. {@link Plan#run} then streams the file again on the
 * {@link BatchRunner}, so memory does not grow with the number of devices; what only the run can find
 * (a file's content, data that does not fit the partition) stops it at that device, the images before it
 * written and whole.
 *
 * <pre>{@code
 * MfgConfig config = MfgConfig.read(Path.of("config.csv"), "config.csv");
 * MfgBatch.Plan plan = MfgBatch.builder(config, Path.of("values.csv"), "factory", PartitionSize.parse("0x6000"))
 *         .fileId("serial")
 *         .outputDir(Path.of("out"), "out")
 *         .build()
 *         .check();
 * BatchSummary done = plan.run(record -> System.out.println(record.id() + " " + record.imageSha256()));
 * }</pre>
 */
public final class MfgBatch {
    final MfgConfig config;
    final Path values;
    final String valuesName;
    final String prefix;
    final PartitionSize size;
    final FormatVersion version;
    final String fileId;
    final long prefixStart;
    /** Digits of the prefix number, or -1 when names have none. */
    final int prefixDigits;

    final Path outDir;
    final String outDirName;
    final Path baseDir;
    final boolean csv;
    final boolean overwrite;
    final int threads;
    final DeviceEncryption encryption;
    final boolean checkValues;
    final boolean resume;
    final String resumeRemedy;
    final String forceRemedy;
    /** Key file name patterns ({@code keys-%s.bin}) the encryption writes under {@code keys/}. */
    final List<String> keyFiles;
    /** True when those files hold new random keys: then an existing one is never replaced. */
    final boolean newKeys;
    /** Files the run reads (besides the values file) that no output may replace, with their names. */
    final Map<Path, String> inputs;
    /** Parts of the run's fingerprint the caller knows of (encryption, key files, a partition table). */
    final RunFingerprint.Builder fingerprint;
    /** The first device whose image nvs_flash cannot fully read, and how many such devices there are. */
    final AtomicReference<String> firstWarning = new AtomicReference<>();

    final AtomicLong warnedDevices = new AtomicLong();
    /** Files that several devices name (REPEAT values, and any value equal to the first device's), read once. */
    final ConcurrentHashMap<Path, byte[]> sharedFiles = new ConcurrentHashMap<>();

    private MfgBatch(Builder b) {
        this.config = b.config;
        this.values = b.values;
        this.valuesName = b.valuesName;
        this.prefix = b.prefix;
        this.size = b.size;
        this.version = b.version;
        this.fileId = b.fileId;
        this.prefixStart = b.prefixStart;
        this.prefixDigits = b.prefixDigits;
        this.outDir = b.outDir;
        this.outDirName = b.outDirName;
        this.baseDir = b.baseDir;
        this.csv = b.csv;
        this.overwrite = b.overwrite;
        this.threads = b.threads;
        this.encryption = b.encryption;
        this.checkValues = b.checkValues;
        this.resume = b.resume;
        this.resumeRemedy = b.resumeRemedy;
        this.forceRemedy = b.forceRemedy;
        this.keyFiles = List.of(b.keyFiles);
        this.newKeys = b.newKeys;
        this.inputs = Map.copyOf(b.inputs);
        this.fingerprint = b.fingerprint;
    }

    /**
     * A batch of the devices in {@code values} with the entries of {@code config}, each in an image of
     * {@code size}; {@code prefix} starts every output name.
     */
    public static Builder builder(MfgConfig config, Path values, String prefix, PartitionSize size) {
        return new Builder(config, values, prefix, size);
    }

    /** The settings of a batch; all but the four given to {@link MfgBatch#builder} have defaults. */
    public static final class Builder {
        private final MfgConfig config;
        private final Path values;
        private final String prefix;
        private final PartitionSize size;
        private String valuesName;
        private FormatVersion version = FormatVersion.V2;
        private String fileId;
        private long prefixStart;
        private int prefixDigits = -1;
        private Path outDir = Path.of("");
        private String outDirName = ".";
        private Path baseDir = Path.of("");
        private boolean csv = true;
        private boolean overwrite;
        private int threads = Runtime.getRuntime().availableProcessors();
        private DeviceEncryption encryption;
        private boolean checkValues = true;
        private boolean resume;
        private String resumeRemedy = "resume(true)";
        private String forceRemedy = "overwrite(true)";
        private String[] keyFiles = {};
        private boolean newKeys;
        private final Map<Path, String> inputs = new HashMap<>();
        private final RunFingerprint.Builder fingerprint = RunFingerprint.builder();

        private Builder(MfgConfig config, Path values, String prefix, PartitionSize size) {
            this.config = Objects.requireNonNull(config, "config");
            this.values = Objects.requireNonNull(values, "values");
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            this.size = Objects.requireNonNull(size, "size");
            this.valuesName = values.toString();
            checkFileNamePart("the prefix", prefix);
        }

        /** The values file's name in messages (default: its path). */
        public Builder valuesName(String name) {
            this.valuesName = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder version(FormatVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Name devices by this values column, as mfg_gen's {@code --fileid}, instead of 1, 2, 3 … */
        public Builder fileId(String column) {
            this.fileId = column;
            return this;
        }

        /**
         * Put a counter after the prefix, as mfg_gen's {@code --prefix_num START DIGITS}: {@code start} for
         * the first device, zero-padded to {@code digits}.
         */
        public Builder prefixNumber(long start, int digits) {
            if (digits < 0) {
                throw new NvsInputException("the prefix number's digit count must not be negative, was " + digits);
            }
            this.prefixStart = start;
            this.prefixDigits = digits;
            return this;
        }

        /** Where {@code bin/}, {@code csv/} and {@code keys/} go, and the folder's name in messages. */
        public Builder outputDir(Path dir, String name) {
            this.outDir = Objects.requireNonNull(dir, "dir");
            this.outDirName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The folder {@code file} values are relative to (mfg_gen: the current folder). */
        public Builder baseDir(Path dir) {
            this.baseDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Write each device's CSV to {@code csv/} as mfg_gen does (default: yes). */
        public Builder intermediateCsv(boolean write) {
            this.csv = write;
            return this;
        }

        /** Replace outputs that exist (default: refuse to). */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Worker threads (default: one per core). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Encrypt every image; key files it returns go to {@code keys/}. */
        public Builder encryption(DeviceEncryption encryption) {
            this.encryption = encryption;
            return this;
        }

        /**
         * Check every data value and the presence of every named file in {@link MfgBatch#check()}, before
         * the first image (default: yes). Without it a bad value stops the run at its device, the images
         * before it written; with it the check costs a second look at every value (about a tenth of a
         * 10,000-device run, a few percent of a million-device one).
         */
        public Builder checkValuesFirst(boolean check) {
            this.checkValues = check;
            return this;
        }

        /**
         * How the caller names {@link #resume} and {@link #overwrite} in messages that suggest them (a
         * command line: its flags); by default this builder's method names.
         */
        public Builder remedyNames(String resume, String overwrite) {
            this.resumeRemedy = Objects.requireNonNull(resume, "resume");
            this.forceRemedy = Objects.requireNonNull(overwrite, "overwrite");
            return this;
        }

        /**
         * Finish the run that an interrupt or a crash stopped in the output folder: devices its progress
         * file lists, with their images intact, are kept (reported again, not made again); the others are
         * made, replacing what the interrupted run left of them. Refused if the config, the values, the
         * options or anything {@linkplain #fingerprint named} differs from that run's. Without a progress
         * file the run starts as a new one.
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * The key files the encryption writes per device (name patterns under {@code keys/}, {@code %s}
         * for the device's name). With {@code newKeys} (new random keys in each) {@link #check()} refuses
         * a run in which one exists already, even when overwriting, since replacing it would lose keys
         * that may be on a device.
         */
        public Builder keyFiles(boolean newKeys, String... patterns) {
            this.newKeys = newKeys;
            this.keyFiles = patterns.clone();
            return this;
        }

        /** A file the run reads (a key file, the config), called {@code shown}: no output may replace it. */
        public Builder input(Path file, String shown) {
            inputs.put(Objects.requireNonNull(file, "file"), Objects.requireNonNull(shown, "shown"));
            return this;
        }

        /** Adds a setting that defines the outputs (the encryption, say) to the run's fingerprint. */
        public Builder fingerprint(String name, String value) {
            fingerprint.text(name, value);
            return this;
        }

        /** Adds a file that defines the outputs (a keys file, a partition table) to the run's fingerprint. */
        public Builder fingerprintFile(String name, Path file) {
            fingerprint.file(name, file);
            return this;
        }

        public MfgBatch build() {
            return new MfgBatch(this);
        }
    }

    /**
     * Reads the whole values file and checks it without writing anything: the header against the config,
     * every row's number of values, every device's name, every data value, every named file's presence.
     *
     * <p>First it takes the output folder's {@link RunLock} (held until {@link Plan#run} ends or the plan
     * is {@linkplain Plan#close closed}), removes temporary files that crashed runs left there, and looks
     * for an unfinished run's progress file (see {@link Builder#resume}).
     *
     * @throws NvsInputException naming the file, line and problem; also when another run holds the folder
     * @throws OutputExistsException when an output exists and the batch may not overwrite
     */
    public Plan check() {
        RunLock lock = RunLock.acquire(outDir, outDirName);
        try {
            return check(lock);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private Plan check(RunLock lock) {
        for (String folder : new String[] {"", "bin", "csv", "keys"}) {
            TempFiles.removeStale(folder.isEmpty() ? outDir : outDir.resolve(folder));
        }
        RunFingerprint runFingerprint = runFingerprint();
        Path progressFile = MfgProgress.file(outDir, prefix);
        String progressShown = shown(progressFile.getFileName().toString());
        Map<String, MfgProgress.Row> kept = Map.of();
        boolean resuming = false;
        if (Files.exists(progressFile)) {
            if (resume) {
                MfgProgress.Earlier earlier = MfgProgress.read(progressFile, progressShown);
                List<String> changed = runFingerprint.changedSince(earlier.fingerprint());
                if (!changed.isEmpty()) {
                    throw new NvsInputException(progressShown + ": cannot resume: " + String.join(", ", changed)
                            + (changed.size() == 1 ? " differs" : " differ")
                            + " from the interrupted run's; resume with what it had, or start over with "
                            + forceRemedy);
                }
                kept = intact(earlier.rows());
                resuming = true;
            } else if (!overwrite) {
                throw new OutputExistsException(
                        progressFile,
                        progressShown + " records an unfinished run of " + prefix + ": " + resumeRemedy
                                + " finishes it, " + forceRemedy + " starts over");
            }
        }
        boolean binTaken = !overwrite && !resuming && hasEntries(outDir.resolve("bin"));
        boolean csvTaken = !overwrite && !resuming && csv && hasEntries(outDir.resolve("csv"));
        boolean keysTaken = !resuming && newKeys && hasEntries(outDir.resolve("keys"));
        Map<Path, String> inputsInTheWay = inputsInOutputFolders();
        // Replacing is allowed (forced, or resuming): but only regular files, never by a rename over a
        // FIFO, a device or a folder that happens to have a device's name.
        boolean binReplaced = (overwrite || resuming) && hasEntries(outDir.resolve("bin"));
        boolean csvReplaced = (overwrite || resuming) && csv && hasEntries(outDir.resolve("csv"));
        NameIndex names = new NameIndex();
        Set<Path> sharedFilesSeen = new HashSet<>();
        long devices = 0;
        try (ValuesFile v = new ValuesFile(this)) {
            for (ValuesFile.Row row = v.next(); row != null; row = v.next()) {
                String name = name(v, row);
                // By lower case: names that differ only in case are one file on Windows and macOS.
                int earlier = names.add(name.toLowerCase(Locale.ROOT), row.line());
                String other = earlier == 0 ? null : nameAt(earlier);
                if (name.equals(other)) {
                    throw new NvsInputException(valuesName + ":" + row.line() + ": the device name " + name
                            + " is already that of line " + earlier + "; every device needs its own name"
                            + (fileId == null ? "" : " (check the '" + fileId + "' column)"));
                }
                if (name.equalsIgnoreCase(other)) {
                    throw new NvsInputException(valuesName + ":" + row.line() + ": the device name " + name
                            + " differs only in case from " + other + " of line " + earlier
                            + "; on Windows and macOS both would be one file"
                            + (fileId == null ? "" : " (check the '" + fileId + "' column)"));
                }
                if (binTaken) {
                    checkFree(bin(name), "bin", name, row);
                }
                if (csvTaken) {
                    checkFree(csv(name), "csv", name, row);
                }
                if (!inputsInTheWay.isEmpty()) {
                    checkNotAnInput(inputsInTheWay, name, row);
                }
                if (binReplaced) {
                    OutputPlan.checkReplaceable(bin(name), shown("bin/" + name + ".bin"));
                }
                if (csvReplaced) {
                    OutputPlan.checkReplaceable(csv(name), shown("csv/" + name + ".csv"));
                }
                if (keysTaken) {
                    for (String pattern : keyFiles) {
                        checkNoKeyFile(keys(pattern.replace("%s", name)), name, row);
                    }
                }
                if (checkValues) {
                    checkValues(v, row, sharedFilesSeen);
                }
                devices++;
            }
        }
        if (devices == 0) {
            throw new NvsInputException(valuesName + ": has a header but no device rows");
        }
        return new Plan(devices, lock, runFingerprint, progressFile, kept, resuming);
    }

    /** What defines this run's outputs: config, values, options, and what the caller added. */
    private RunFingerprint runFingerprint() {
        InputFiles.check(values, valuesName, Long.MAX_VALUE, "a values file");
        RunFingerprint.Builder f = RunFingerprint.builder()
                .text("the config file " + config.name(), configText())
                .file("the values file " + valuesName, values)
                .text(
                        "the options",
                        "prefix=" + prefix + " size=" + size + " version=" + version.number() + " fileid=" + fileId
                                + " prefix_num=" + prefixStart + "/" + prefixDigits + " csv=" + csv
                                + " encrypted=" + (encryption != null));
        for (String line : fingerprint.build().lines()) {
            int eq = line.lastIndexOf('=');
            f.text(line.substring(0, eq), line.substring(eq + 1));
        }
        return f.build();
    }

    /**
     * The config's rows as text, for the fingerprint. Built by hand: a record's own toString is
     * bootstrapped through method handles, which would cost every run's start-up some 20 ms.
     */
    private String configText() {
        StringBuilder s = new StringBuilder();
        for (MfgConfig.Row r : config.rows()) {
            s.append(r.key())
                    .append(',')
                    .append(r.type())
                    .append(',')
                    .append(r.encoding())
                    .append(',')
                    .append(r.repeat())
                    .append('\n');
        }
        return s.toString();
    }

    /** The devices of an interrupted run whose image is still there with the recorded SHA-256 (and keys file). */
    private Map<String, MfgProgress.Row> intact(Map<String, MfgProgress.Row> rows) {
        Map<String, MfgProgress.Row> kept = new HashMap<>();
        for (MfgProgress.Row r : rows.values()) {
            Path image = outDir.resolve(r.image());
            try {
                if (Files.isRegularFile(image)
                        && Files.size(image) == r.bytes()
                        && Sha256.hex(Files.readAllBytes(image)).equals(r.sha256())
                        && (r.keys().isEmpty() || Files.isRegularFile(outDir.resolve(r.keys())))) {
                    kept.put(r.name(), r);
                }
            } catch (IOException e) {
                // Not intact: made again.
            }
        }
        return kept;
    }

    private String shown(String file) {
        return (outDirName.equals(".") ? "" : outDirName + "/") + file;
    }

    /**
     * The run's inputs (the values file and those {@linkplain Builder#input named}) that lie in one of its
     * output folders, by real path: only those can be in a device's way. Usually none.
     */
    private Map<Path, String> inputsInOutputFolders() {
        Map<Path, String> all = new HashMap<>(inputs);
        all.put(values, valuesName);
        Set<Path> folders = new HashSet<>();
        for (String f : new String[] {"bin", "csv", "keys"}) {
            Path real = realPath(outDir.resolve(f));
            if (real != null) {
                folders.add(real);
            }
        }
        Map<Path, String> inTheWay = new HashMap<>();
        for (Map.Entry<Path, String> e : all.entrySet()) {
            Path real = realPath(baseDir.resolve(e.getKey()));
            if (real != null && folders.contains(real.getParent())) {
                inTheWay.put(real, e.getValue());
            }
        }
        return inTheWay;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** Refuses a device whose image, CSV or key file would be one of {@code inputs} (real paths). */
    private void checkNotAnInput(Map<Path, String> inputs, String name, ValuesFile.Row row) {
        List<String> outputs = new java.util.ArrayList<>(List.of("bin/" + name + ".bin", "csv/" + name + ".csv"));
        for (String pattern : keyFiles) {
            outputs.add("keys/" + pattern.replace("%s", name));
        }
        for (String output : outputs) {
            Path folder = realPath(outDir.resolve(output).getParent());
            String input = folder == null
                    ? null
                    : inputs.get(folder.resolve(Path.of(output).getFileName()));
            if (input != null) {
                throw new NvsInputException(shown(output) + ": the device of " + valuesName + ":" + row.line()
                        + " would overwrite " + input + ", an input of this run; an output never replaces an input"
                        + " or a key file");
            }
        }
    }

    private void checkNoKeyFile(Path file, String name, ValuesFile.Row row) {
        if (Files.exists(file)) {
            throw new OutputExistsException(
                    file,
                    shown("keys/" + file.getFileName()) + " already exists (the device of " + valuesName + ":"
                            + row.line() + "); nvsgen never replaces key files, not even with " + forceRemedy
                            + ": move it away first, or finish an interrupted run with " + resumeRemedy);
        }
    }

    /**
     * The checks of a device's values that read no file: data values convert and fit, named files exist.
     * They make a typo in row 9,000 stop the batch before its first image rather than after 8,999.
     * Conversions are the run's own ({@link ValueEncoding}, {@link NvsPartition.Builder#put}), so both
     * give the same message; what only reading a file can tell (its content) is left to the run.
     */
    private void checkValues(ValuesFile v, ValuesFile.Row row, Set<Path> sharedFilesSeen) {
        List<MfgConfig.Row> rows = config.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (v.columns[i] >= 0) {
                String value = source(v, row, i).fields().get(v.columns[i]);
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    // Such a device goes through its CSV text, whose # lines are comments: the run decides.
                    return;
                }
            }
        }
        NvsPartition.Builder scratch = NvsPartition.builder(version);
        for (int i = 0; i < rows.size(); i++) {
            MfgConfig.Row r = rows.get(i);
            if (r.isNamespace()) {
                scratch.namespace(r.key());
                continue;
            }
            ValuesFile.Row from = source(v, row, i);
            String value = from.fields().get(v.columns[i]);
            try {
                if (r.type().equals("file")) {
                    Path file = baseDir.resolve(value);
                    boolean shared =
                            r.repeat() || value.equals(v.first().fields().get(v.columns[i]));
                    if (!(shared && sharedFilesSeen.contains(file))) {
                        try {
                            InputFiles.check(file, "file '" + value + "'", InputFiles.MAX_VALUE_FILE, "an NVS value");
                        } catch (NvsInputException e) {
                            if (InputFiles.isMissing(e)) {
                                throw new NvsInputException("file '" + value + "' does not exist");
                            }
                            throw e;
                        }
                        if (shared) {
                            sharedFilesSeen.add(file);
                        }
                    }
                } else {
                    scratch.put(r.key(), ValueEncoding.named(r.encoding()).fromText(value));
                }
            } catch (NvsInputException | IllegalArgumentException e) {
                throw new NvsInputException(
                        valuesName + ":" + from.line() + ": column " + (v.columns[i] + 1) + ": key '" + r.key() + "': "
                                + e.getMessage(),
                        valuesName,
                        from.line(),
                        null,
                        r.key(),
                        e);
            }
        }
    }

    /** The row entry {@code i} takes its value from: the first device's for REPEAT entries. */
    private ValuesFile.Row source(ValuesFile v, ValuesFile.Row row, int i) {
        return config.rows().get(i).repeat() ? v.first() : row;
    }

    private void checkFree(Path file, String folder, String name, ValuesFile.Row row) {
        if (Files.exists(file)) {
            throw new OutputExistsException(
                    file,
                    shown(folder + "/" + file.getFileName()) + " already exists (the device of " + valuesName + ":"
                            + row.line() + "); not replacing it");
        }
    }

    private static boolean hasEntries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return entries.iterator().hasNext();
        } catch (IOException e) {
            return true;
        }
    }

    /** The name of the device on {@code line}, read afresh: only to confirm a repeated name. */
    private String nameAt(int line) {
        try (ValuesFile v = new ValuesFile(this)) {
            for (ValuesFile.Row row = v.next(); row != null; row = v.next()) {
                if (row.line() == line) {
                    return name(v, row);
                }
            }
        }
        return null;
    }

    /** {@code PREFIX-ID} or {@code PREFIX-NUM-ID}: what mfg_gen names a device's files after. */
    String name(ValuesFile v, ValuesFile.Row row) {
        String id = id(v, row);
        if (prefixDigits < 0) {
            return prefix + "-" + id;
        }
        long number = prefixStart + row.index();
        String digits = prefixDigits == 0 ? Long.toString(number) : String.format("%0" + prefixDigits + "d", number);
        return prefix + "-" + digits + "-" + id;
    }

    /** The device's id: its file id column's value, or its position counting from 1. */
    String id(ValuesFile v, ValuesFile.Row row) {
        if (v.idColumn < 0) {
            return Long.toString(row.index() + 1);
        }
        ValuesFile.Row from = v.idRepeated ? v.first() : row;
        String id = from.fields().get(v.idColumn);
        String where = valuesName + ":" + from.line() + ": column " + (v.idColumn + 1) + " ('" + fileId + "')";
        if (id.isEmpty()) {
            throw new NvsInputException(where + ": is empty, but it names the device's files");
        }
        try {
            checkFileNamePart("the device id", id);
        } catch (NvsInputException e) {
            throw new NvsInputException(where + ": " + e.getMessage());
        }
        return id;
    }

    private static void checkFileNamePart(String what, String s) {
        if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
            throw new NvsInputException(what + " '" + s.replace("\0", "\\0")
                    + "' cannot be part of a file name (it has a slash, backslash or NUL)");
        }
    }

    private void createFolders() {
        try {
            Files.createDirectories(outDir.resolve("bin"));
            if (csv) {
                Files.createDirectories(outDir.resolve("csv"));
            }
        } catch (IOException e) {
            throw new NvsException(outDirName + ": cannot create the output folders: " + e.getMessage(), e);
        }
    }

    Path bin(String name) {
        return outDir.resolve("bin").resolve(name + ".bin");
    }

    Path csv(String name) {
        return outDir.resolve("csv").resolve(name + ".csv");
    }

    Path keys(String fileName) {
        return outDir.resolve("keys").resolve(fileName);
    }

    /** A checked batch, ready to run. */
    public final class Plan implements AutoCloseable {
        private final long devices;
        private final RunLock lock;
        private final RunFingerprint runFingerprint;
        private final Path progressFile;
        private final Map<String, MfgProgress.Row> kept;
        private final boolean resuming;

        private Plan(
                long devices,
                RunLock lock,
                RunFingerprint runFingerprint,
                Path progressFile,
                Map<String, MfgProgress.Row> kept,
                boolean resuming) {
            this.devices = devices;
            this.lock = lock;
            this.runFingerprint = runFingerprint;
            this.progressFile = progressFile;
            this.kept = kept;
            this.resuming = resuming;
        }

        /** True when this run finishes an interrupted one (its progress file was there). */
        public boolean resuming() {
            return resuming;
        }

        /** The devices an interrupted run wrote and this one keeps (0 unless resuming). */
        public long kept() {
            return kept.size();
        }

        /** The run's progress file (see {@link Builder#resume}). */
        public Path progressFile() {
            return progressFile;
        }

        /** Lets the next run into the output folder; {@link #run} does it when it ends. */
        @Override
        public void close() {
            lock.close();
        }

        /** The number of devices, which is the number of images the run writes. */
        public long devices() {
            return devices;
        }

        /**
         * What the images written so far hold that ESP-IDF's {@code nvs_flash} cannot read back (blobs
         * over {@link NvsPartition#MAX_DEVICE_BLOB} bytes; written all the same, as mfg_gen does): the
         * first such device's problem and how many devices share it, or nothing.
         */
        public List<String> warnings() {
            String first = firstWarning.get();
            if (first == null) {
                return List.of();
            }
            long others = warnedDevices.get() - 1;
            return List.of(
                    first + (others == 0 ? "" : " (" + others + " other device" + (others == 1 ? "" : "s") + " too)"));
        }

        /**
         * Makes and writes every device's files, telling {@code listener} of each in values-file order.
         *
         * @throws dev.nvsgen.nvs.NvsException the first failure, naming the values file's line and column;
         *     the images reported before it are written and valid
         */
        public BatchSummary run(BatchListener listener) {
            try (ValuesFile v = new ValuesFile(MfgBatch.this)) {
                Iterator<DeviceJob> jobs = new Iterator<>() {
                    private ValuesFile.Row next;
                    private boolean done;

                    @Override
                    public boolean hasNext() {
                        if (next == null && !done) {
                            next = v.next();
                            done = next == null;
                        }
                        return next != null;
                    }

                    @Override
                    public DeviceJob next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ValuesFile.Row row = next;
                        next = null;
                        String name = name(v, row);
                        MfgProgress.Row done = kept.get(name);
                        if (done != null) {
                            return DeviceJob.alreadyWritten(new DeviceRecord(
                                    0,
                                    done.id(),
                                    outDir.resolve(done.image()),
                                    done.bytes(),
                                    done.sha256(),
                                    done.keys().isEmpty() ? null : outDir.resolve(done.keys())));
                        }
                        return new MfgDevice(MfgBatch.this, v, row, name, id(v, row));
                    }
                };
                try (MfgProgress progress = MfgProgress.start(progressFile, runFingerprint, kept.values())) {
                    createFolders();
                    // Paths by name, not Path arithmetic: bin(name) and keys(file) are this class's own.
                    BatchListener recording = record -> {
                        String file = record.image().getFileName().toString();
                        String name = file.substring(0, file.length() - ".bin".length());
                        if (kept.isEmpty() || !kept.containsKey(name)) {
                            Path keys = record.keysFile();
                            progress.append(new MfgProgress.Row(
                                    name,
                                    record.id(),
                                    "bin/" + file,
                                    record.imageSha256(),
                                    record.imageBytes(),
                                    keys == null ? "" : "keys/" + keys.getFileName()));
                        }
                        listener.written(record);
                    };
                    this.progress = progress;
                    // check() has made sure that no image, CSV or new key file is in the way (or that they
                    // may go); a resumed run replaces what the interrupted one left of unrecorded devices.
                    BatchSummary summary = BatchRunner.builder()
                            .threads(threads)
                            .overwrite(overwrite || resuming || encryption == null)
                            .build()
                            .run(jobs, recording);
                    progress.finish();
                    return summary;
                } catch (IOException e) {
                    throw new NvsException(progressFile + ": " + AtomicFiles.reason(e), e);
                }
            } finally {
                lock.close();
            }
        }

        /** The progress file while the run goes, so that an interrupt can save what it holds. */
        private volatile MfgProgress progress;

        /**
         * Writes out what the progress file holds in memory: for a shutdown hook on Ctrl-C or SIGTERM,
         * so that every device reported is recorded (after kill -9 the last few are made again).
         */
        public void saveProgress() {
            MfgProgress p = progress;
            if (p != null) {
                p.flush();
            }
        }
    }
}
