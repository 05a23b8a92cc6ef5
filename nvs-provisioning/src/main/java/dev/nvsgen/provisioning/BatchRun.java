package dev.nvsgen.provisioning;

import dev.nvsgen.factory.BatchListener;
import dev.nvsgen.factory.BatchRunner;
import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.DeviceJob;
import dev.nvsgen.factory.DeviceOutput;
import dev.nvsgen.factory.DeviceRecord;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.factory.RunFingerprint;
import dev.nvsgen.factory.RunLock;
import dev.nvsgen.factory.TempFiles;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of a checked plan on nvs-core's batch engine: every core, a bounded window of devices in
 * memory, each file written atomically with the image last, devices reported in input order. Per
 * device, a job issues the credentials, lays out the partition, encrypts the image and hands the files
 * to the engine; each device the engine reports gets its line in the run log, so that an interrupted
 * run can be resumed without issuing those devices' credentials again.
 *
 * <p>The first device that fails stops the run: no more are started, those under way finish and are
 * logged, and the earliest failure is thrown. Its image is never half there (the engine writes it last
 * and atomically).
 */
final class BatchRun {
    static final String IMAGES = "bin";
    static final String CERTIFICATES = "certs";
    static final String KEYS = "keys";
    /** Beside an esp_secure_cert image whose key needs an eFuse key: the espefuse line that burns it. */
    static final String BURN_KEY = "-burn-key.txt";

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    record Options(
            Path outDir,
            String shownOutDir,
            boolean resume,
            boolean force,
            int threads,
            BatchListener progress,
            RunFingerprint fingerprint,
            Map<Path, String> inputs,
            RunFolderException.Words words) {}

    /** What a job learnt that the engine's record does not carry: the certificate it issued. */
    private record Issued(String serialHex, String sha256) {}

    private BatchRun() {}

    static RunSummary run(BatchPlan plan, Options options) throws IOException {
        Path out = options.outDir();
        for (String folder : new String[] {"", IMAGES, CERTIFICATES, KEYS, MatterFactoryData.FOLDER}) {
            TempFiles.removeStale(folder.isEmpty() ? out : out.resolve(folder));
        }
        RunLock lock = RunLock.acquire(out, options.shownOutDir());
        try {
            return run(plan, options, check(plan, options));
        } finally {
            lock.close();
        }
    }

    /**
     * Checks the output folder before anything is written (also for {@code --check}): a run record
     * there needs a resume (with the same fingerprint) or force; without one, no device's image,
     * certificate or key file may be in the way unless forced. Returns the devices a resume keeps.
     */
    static Map<String, RunLog.Row> check(BatchPlan plan, Options options) {
        Path out = options.outDir();
        String shown = options.shownOutDir();
        Map<String, RunLog.Row> kept = new LinkedHashMap<>();
        checkNoInputIsAnOutput(plan, options);
        boolean continuing = RunLog.exists(out) && !options.force();
        if (continuing) {
            if (!options.resume()) {
                throw new RunFolderException(
                        shown + " already holds a run (" + RunLog.CSV
                                + "): pass {resume} to finish it, {force} to replace it, or choose another {outdir}",
                        options.words());
            }
            RunLog.checkFingerprint(out, shown, options.fingerprint(), options.words());
            Set<String> serials = new HashSet<>();
            plan.devices().forEach(d -> serials.add(d.serial()));
            kept.putAll(RunLog.finished(out, shown, serials));
        } else if (!options.force()) {
            checkNothingInTheWay(plan, out, shown, options.words());
        }
        if (continuing || options.force()) {
            // What may be replaced must be a regular file: never a rename over a FIFO, device or folder.
            for (Device d : plan.devices()) {
                if (!kept.containsKey(d.serial())) {
                    for (Path f : files(out, d)) {
                        OutputPlan.checkReplaceable(f, shown + "/" + relative(out, f));
                    }
                }
            }
        }
        return kept;
    }

    /** Without a run record, a device's file already there is someone else's: found before the first image. */
    private static void checkNothingInTheWay(BatchPlan plan, Path out, String shown, RunFolderException.Words words) {
        boolean images = Files.isDirectory(out.resolve(IMAGES));
        boolean certs = Files.isDirectory(out.resolve(CERTIFICATES));
        boolean keys = Files.isDirectory(out.resolve(KEYS));
        if (!images
                && !certs
                && !keys
                && !Files.isDirectory(out.resolve(FlashEncryptionRun.FOLDER))
                && !Files.isDirectory(out.resolve(MatterFactoryData.FOLDER))) {
            return;
        }
        for (Device d : plan.devices()) {
            for (Path f : files(out, d)) {
                if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new RunFolderException(
                            shown + "/" + relative(out, f) + " already exists (device " + d.serial() + ", "
                                    + d.origin() + "), but " + shown + " holds no run record (" + RunLog.CSV
                                    + "); not replacing it: move it away, choose another {outdir}, or {force} to"
                                    + " replace it",
                            words);
                }
            }
        }
    }

    /**
     * Refuses a run one of whose outputs (a device's files, the run manifest) is one of its inputs
     * (manifest, device list, CA, key files), compared by real path. Inputs outside the output folders
     * cannot be in the way, so usually nothing is compared.
     */
    private static void checkNoInputIsAnOutput(BatchPlan plan, Options options) {
        Path out = options.outDir();
        Map<Path, String> inTheWay = new HashMap<>();
        for (Map.Entry<Path, String> e : options.inputs().entrySet()) {
            Path real = realPath(e.getKey());
            Path folder = real == null ? null : real.getParent();
            if (folder != null
                    && (folder.equals(realPath(out))
                            || folder.equals(realPath(out.resolve(IMAGES)))
                            || folder.equals(realPath(out.resolve(CERTIFICATES)))
                            || folder.equals(realPath(out.resolve(KEYS))))) {
                inTheWay.put(real, e.getValue());
            }
        }
        if (inTheWay.isEmpty()) {
            return;
        }
        List<Path> outputs = new ArrayList<>(
                List.of(out.resolve(RunLog.CSV), out.resolve(RunLog.JSON), out.resolve(RunLog.FINGERPRINT)));
        for (Device d : plan.devices()) {
            outputs.addAll(files(out, d));
        }
        for (Path o : outputs) {
            Path folder = realPath(o.getParent());
            String input = folder == null ? null : inTheWay.get(folder.resolve(o.getFileName()));
            if (input != null) {
                throw new NvsInputException(options.shownOutDir() + "/" + relative(out, o) + ": would overwrite "
                        + input + ", an input of this run; an output never replaces an input or a key file");
            }
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** The files a device may have in the output folder: image, certificate, key files. */
    private static List<Path> files(Path out, Device d) {
        List<Path> files = new ArrayList<>(4);
        files.add(out.resolve(IMAGES).resolve(d.serial() + ".bin"));
        files.add(out.resolve(CERTIFICATES).resolve(d.serial() + ".pem"));
        for (String pattern : BatchPlan.KEY_FILES) {
            files.add(out.resolve(KEYS).resolve(pattern.replace("%s", d.serial())));
        }
        files.addAll(FlashEncryptionRun.files(out, d));
        files.add(out.resolve(IMAGES).resolve(d.serial() + BURN_KEY));
        files.addAll(MatterRecord.files(out, d));
        return files;
    }

    private static RunSummary run(BatchPlan plan, Options options, Map<String, RunLog.Row> kept) throws IOException {
        long start = System.nanoTime();
        List<Device> devices = plan.devices();
        Path out = options.outDir();
        boolean continuing = RunLog.exists(out) && !options.force();
        RunLog.Row[] rows = new RunLog.Row[devices.size()];
        Map<String, Device> bySerial = new HashMap<>();
        for (Device d : devices) {
            rows[d.index()] = kept.get(d.serial());
            bySerial.put(d.serial(), d);
        }
        if (plan.storesPrivateKey()) {
            // The engine writes images with the usual permissions; a folder only its owner may enter
            // keeps the private keys in them from other users.
            ownerOnlyFolder(out.resolve(IMAGES));
        }
        Map<String, Issued> issued = new ConcurrentHashMap<>();
        FlashEncryptionRun flash = plan.spec().flashEncryption() == null ? null : new FlashEncryptionRun(plan.spec());
        if (flash != null) {
            ownerOnlyFolder(out.resolve(FlashEncryptionRun.FOLDER));
        }
        if (plan.spec().matter() != null) {
            // Onboarding codes and QR images carry the passcode.
            ownerOnlyFolder(out.resolve(MatterFactoryData.FOLDER));
        }
        Iterator<DeviceJob> jobs = devices.stream()
                .filter(d -> rows[d.index()] == null)
                .map(d -> job(plan, d, out, issued, flash))
                .iterator();
        // A new run replaces nothing: a file already there may be an image or certificate in use. On
        // resume, files of a device missing from the log are what the interrupted run left half done.
        BatchRunner engine = BatchRunner.builder()
                .threads(Math.max(1, options.threads()))
                .overwrite(continuing || options.force())
                .build();
        try (RunLog log = RunLog.start(out, List.copyOf(kept.values()), options.fingerprint())) {
            BatchListener record = r -> {
                Device d = bySerial.get(r.id());
                RunLog.Row row = row(out, d, r, issued.remove(r.id()));
                rows[d.index()] = row;
                log.append(row);
            };
            NvsTarget target = plan.spec().partition().target();
            if (target != null && flash == null) {
                // With flash encryption, flash/SERIAL/flash_args names the encrypted keys partition instead.
                record = record.andThen(target.flashArgsWriter());
            }
            engine.run(jobs, record.andThen(options.progress()));
            List<RunLog.Row> all = new ArrayList<>(devices.size());
            for (RunLog.Row r : rows) {
                all.add(r);
            }
            Map<String, String> about = about(plan);
            if (flash != null) {
                about.put("flash_encryption", flash.description());
                flash.purposesByBlock().forEach((block, purpose) -> about.put("efuse_" + block, purpose));
            }
            if (plan.spec().matter() != null) {
                about.put("matter", plan.spec().matter().description());
                about.put("matter_codes", MatterFactoryData.RECORD);
                MatterRecord.write(out, options.shownOutDir(), all);
            }
            log.finish(all, about);
        }
        return new RunSummary(
                devices.size(),
                devices.size() - kept.size(),
                kept.size(),
                System.nanoTime() - start,
                out.resolve(RunLog.CSV),
                out.resolve(RunLog.JSON));
    }

    /** The job of one device: everything but the writing, which the engine does. */
    private static DeviceJob job(
            BatchPlan plan, Device d, Path out, Map<String, Issued> issued, FlashEncryptionRun flash) {
        return new DeviceJob() {
            @Override
            public String id() {
                return d.serial();
            }

            @Override
            public DeviceOutput make() {
                BatchPlan.Made made = plan.make(d);
                BatchPlan.Credentials credentials = made.credentials();
                byte[] image = made.image();
                List<DeviceEncryption.KeyFile> keyFiles = made.keyFiles();
                Path imageFile = out.resolve(IMAGES).resolve(d.serial() + ".bin");
                // An image holding the device's private key is key material: owner-only from its creation.
                DeviceOutput output = plan.storesPrivateKey()
                        ? DeviceOutput.secretImage(imageFile, image)
                        : DeviceOutput.image(imageFile, image);
                if (credentials != null) {
                    output = output.withFile(
                            out.resolve(CERTIFICATES).resolve(d.serial() + ".pem"),
                            credentials.certificate().pem().getBytes(StandardCharsets.US_ASCII));
                    issued.put(
                            d.serial(),
                            new Issued(
                                    credentials.certificate().serialHex(),
                                    credentials.certificate().sha256Fingerprint()));
                }
                if (made.burnKey() != null) {
                    output = output.withFile(
                            out.resolve(IMAGES).resolve(d.serial() + BURN_KEY),
                            (made.burnKey() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (made.matter() != null) {
                    output = MatterRecord.add(output, out, d, made.matter());
                }
                for (DeviceEncryption.KeyFile k : keyFiles) {
                    // Handed over to the engine, which writes it owner-only.
                    output = output.withSecretFile(out.resolve(KEYS).resolve(k.fileName()), k.exportContent());
                }
                return flash == null ? output : flash.add(output, d, made, out, imageFile);
            }
        };
    }

    private static RunLog.Row row(Path out, Device d, DeviceRecord r, Issued issued) {
        return new RunLog.Row(
                d.serial(),
                relative(out, r.image()),
                r.imageSha256(),
                issued == null ? "" : issued.serialHex(),
                issued == null ? "" : issued.sha256(),
                r.keysFile() == null ? "" : relative(out, r.keysFile()));
    }

    /** {@code file} relative to the output folder, with forward slashes on every system. */
    private static String relative(Path out, Path file) {
        return out.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static void ownerOnlyFolder(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static Map<String, String> about(BatchPlan plan) {
        Map<String, String> m = new LinkedHashMap<>();
        ProvisioningSpec manifest = plan.spec();
        m.put("manifest", manifest.name());
        m.put("partition_size", manifest.partition().size().toString());
        NvsTarget target = manifest.partition().target();
        if (target != null) {
            m.put("partition", target.nvs().name());
            m.put("flash_offset", "0x" + Long.toHexString(target.nvs().offset()));
            target.keys().ifPresent(k -> {
                m.put("keys_partition", k.name());
                m.put("keys_flash_offset", "0x" + Long.toHexString(k.offset()));
            });
        }
        if (manifest.partition().secureCert() != null) {
            m.put("esp_secure_cert", manifest.partition().secureCert().description());
            String burn = plan.burnKeyTemplate();
            if (burn != null) {
                m.put("burn_key", burn);
            }
        }
        if (!manifest.partition().isSecureCert()) {
            m.put(
                    "format_version",
                    Integer.toString(manifest.partition().version().number()));
            m.put("encryption", manifest.partition().encryption().description());
        }
        if (plan.ca() != null) {
            m.put("ca", plan.ca().certificate().getSubjectX500Principal().getName());
        }
        return m;
    }
}
