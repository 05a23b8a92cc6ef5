package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.batch.BatchListener;
import dev.nvsgen.nvs.batch.BatchRunner;
import dev.nvsgen.nvs.batch.DeviceEncryption;
import dev.nvsgen.nvs.batch.DeviceJob;
import dev.nvsgen.nvs.batch.DeviceOutput;
import dev.nvsgen.nvs.batch.DeviceRecord;
import dev.nvsgen.nvs.partitions.FlashArgsFiles;
import dev.nvsgen.nvs.partitions.NvsTarget;
import dev.nvsgen.provisioning.DeviceList.Device;
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

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    record Options(
            Path outDir, String shownOutDir, boolean resume, boolean force, int threads, BatchListener progress) {}

    /** What a run did. */
    record Summary(int devices, int made, int resumed, long nanos, Path csv, Path json) {
        double devicesPerSecond() {
            return nanos == 0 ? 0 : made / (nanos / 1e9);
        }
    }

    /** What a job learnt that the engine's record does not carry: the certificate it issued. */
    private record Issued(String serialHex, String sha256) {}

    private BatchRun() {}

    static Summary run(BatchPlan plan, Options options) throws IOException {
        long start = System.nanoTime();
        List<Device> devices = plan.devices();
        Path out = options.outDir();
        Map<String, RunLog.Row> kept = new LinkedHashMap<>();
        if (RunLog.exists(out) && !options.force()) {
            if (!options.resume()) {
                throw new NvsInputException(options.shownOutDir() + " already holds a run (" + RunLog.CSV
                        + "): pass --resume to finish it, --force to replace it, or choose another --outdir");
            }
            Set<String> serials = new HashSet<>();
            devices.forEach(d -> serials.add(d.serial()));
            kept.putAll(RunLog.finished(out, options.shownOutDir(), serials));
        }
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
        Iterator<DeviceJob> jobs = devices.stream()
                .filter(d -> rows[d.index()] == null)
                .map(d -> job(plan, d, out, issued))
                .iterator();
        // A new run replaces nothing: a file already there may be an image or certificate in use. On
        // resume, files of a device missing from the log are what the interrupted run left half done.
        BatchRunner engine = BatchRunner.builder()
                .threads(Math.max(1, options.threads()))
                .overwrite(options.resume() || options.force())
                .build();
        try (RunLog log = RunLog.start(out, List.copyOf(kept.values()))) {
            BatchListener record = r -> {
                Device d = bySerial.get(r.id());
                RunLog.Row row = row(out, d, r, issued.remove(r.id()));
                rows[d.index()] = row;
                log.append(row);
            };
            NvsTarget target = plan.manifest().partition().target();
            if (target != null) {
                record = record.andThen(FlashArgsFiles.perDevice(target));
            }
            engine.run(jobs, record.andThen(options.progress()));
            List<RunLog.Row> all = new ArrayList<>(devices.size());
            for (RunLog.Row r : rows) {
                all.add(r);
            }
            log.finish(all, about(plan));
        }
        return new Summary(
                devices.size(),
                devices.size() - kept.size(),
                kept.size(),
                System.nanoTime() - start,
                out.resolve(RunLog.CSV),
                out.resolve(RunLog.JSON));
    }

    /** The job of one device: everything but the writing, which the engine does. */
    private static DeviceJob job(BatchPlan plan, Device d, Path out, Map<String, Issued> issued) {
        return new DeviceJob() {
            @Override
            public String id() {
                return d.serial();
            }

            @Override
            public DeviceOutput make() {
                BatchPlan.Credentials credentials = plan.issuesCredentials() ? plan.issue(d) : null;
                NvsPartition partition = plan.partition(d, credentials);
                byte[] image = plan.image(d, partition);
                List<DeviceEncryption.KeyFile> keyFiles = plan.encryption() == null
                        ? List.of()
                        : plan.encryption().encrypt(d.serial(), image);
                DeviceOutput output = DeviceOutput.image(out.resolve(IMAGES).resolve(d.serial() + ".bin"), image);
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
                for (DeviceEncryption.KeyFile k : keyFiles) {
                    // Handed over to the engine, which writes it owner-only.
                    output = output.withSecretFile(out.resolve(KEYS).resolve(k.fileName()), k.exportContent());
                }
                return output;
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
        Manifest manifest = plan.manifest();
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
        m.put("format_version", Integer.toString(manifest.partition().version().number()));
        m.put("encryption", encryptionName(manifest.partition().encryption()));
        if (plan.ca() != null) {
            m.put("ca", plan.ca().certificate().getSubjectX500Principal().getName());
        }
        return m;
    }

    static String encryptionName(Manifest.Encryption e) {
        if (e instanceof Manifest.Encryption.KeysFile k) {
            return "keys file " + k.file().display();
        }
        if (e instanceof Manifest.Encryption.PerDeviceKeys) {
            return "keys per device";
        }
        if (e instanceof Manifest.Encryption.HmacKeyFile h) {
            return "HMAC key " + h.file().display();
        }
        if (e instanceof Manifest.Encryption.PerDeviceHmacKey) {
            return "HMAC key per device";
        }
        return "none";
    }
}
