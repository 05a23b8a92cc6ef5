package dev.nvsgen.cli.batch;

import dev.nvsgen.cli.batch.DeviceList.Device;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.internal.AtomicFiles;
import dev.nvsgen.nvs.partitions.NvsTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes the images of a checked plan on every core: per device, credentials, partition, image,
 * encryption, then its files, each written atomically, the image last; then a line in the run log.
 *
 * <p>Devices are handed to the workers a few at a time, so memory holds a few images, not a run's. The
 * first device that fails stops the run: no more are started, those under way finish, and the failed
 * device's files are removed, so no image is ever half there. A later {@code --resume} picks up where
 * it stopped without issuing new credentials to devices already made.
 */
final class BatchRunner {
    static final String IMAGES = "bin";
    static final String CERTIFICATES = "certs";
    static final String KEYS = "keys";

    /** Told after every device; called from worker threads. */
    interface Progress {
        void update(int done, int total);
    }

    record Options(Path outDir, String shownOutDir, boolean resume, boolean force, int threads, Progress progress) {}

    /** What a run did. */
    record Summary(int devices, int made, int resumed, long nanos, Path csv, Path json) {
        double devicesPerSecond() {
            return nanos == 0 ? 0 : made / (nanos / 1e9);
        }
    }

    private BatchRunner() {}

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
        for (Device d : devices) {
            rows[d.index()] = kept.get(d.serial());
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicInteger done = new AtomicInteger(kept.size());
        int threads = Math.max(1, options.threads());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nvsgen-batch");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(2 * threads);
        try (RunLog log = RunLog.start(out, List.copyOf(kept.values()))) {
            options.progress().update(done.get(), devices.size());
            for (Device d : devices) {
                if (rows[d.index()] != null) {
                    continue;
                }
                inFlight.acquireUninterruptibly();
                if (failure.get() != null) {
                    inFlight.release();
                    break;
                }
                pool.execute(() -> {
                    try {
                        RunLog.Row row = provision(plan, d, out);
                        rows[d.index()] = row;
                        log.append(row);
                        options.progress().update(done.incrementAndGet(), devices.size());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            pool.shutdown();
            awaitQuietly(pool);
            if (failure.get() != null) {
                throw failure.get();
            }
            List<RunLog.Row> all = new ArrayList<>(devices.size());
            for (RunLog.Row r : rows) {
                all.add(r);
            }
            log.finish(all, about(plan));
        } finally {
            pool.shutdownNow();
        }
        return new Summary(
                devices.size(),
                devices.size() - kept.size(),
                kept.size(),
                System.nanoTime() - start,
                out.resolve(RunLog.CSV),
                out.resolve(RunLog.JSON));
    }

    /** Makes one device's files; on failure removes whichever of them it wrote. */
    static RunLog.Row provision(BatchPlan plan, Device d, Path out) {
        BatchPlan.Credentials credentials = plan.issuesCredentials() ? plan.issue(d) : null;
        NvsPartition partition = plan.partition(d, credentials);
        ImageSealer.Sealed sealed = plan.sealer().seal(plan.image(d, partition));
        String image = IMAGES + "/" + d.serial() + ".bin";
        String certificate = credentials == null ? "" : CERTIFICATES + "/" + d.serial() + ".pem";
        String keys = sealed.secret() == null
                ? ""
                : KEYS + "/" + d.serial() + plan.sealer().secretSuffix();
        List<Path> written = new ArrayList<>(3);
        boolean complete = false;
        try {
            if (credentials != null) {
                byte[] pem = credentials.certificate().pem().getBytes(StandardCharsets.US_ASCII);
                write(out, certificate, pem, false, written);
            }
            if (sealed.secret() != null) {
                write(out, keys, sealed.secret(), true, written);
            }
            write(out, image, sealed.image(), plan.storesPrivateKey(), written);
            complete = true;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(d + ": cannot write " + e.getMessage(), e));
        } finally {
            if (sealed.secret() != null) {
                Arrays.fill(sealed.secret(), (byte) 0);
            }
            if (!complete) {
                removeQuietly(written);
            }
        }
        return new RunLog.Row(
                d.serial(),
                image,
                RunLog.sha256(sealed.image()),
                credentials == null ? "" : credentials.certificate().serialHex(),
                credentials == null ? "" : credentials.certificate().sha256Fingerprint(),
                keys);
    }

    private static void write(Path out, String name, byte[] data, boolean ownerOnly, List<Path> written)
            throws IOException {
        Path target = out.resolve(name);
        try {
            AtomicFiles.write(target, data, ownerOnly);
        } catch (FileSystemException e) {
            throw new IOException(
                    name + ": " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()), e);
        }
        written.add(target);
    }

    private static void removeQuietly(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // The failure being reported matters more; a leftover file is not listed in the run log.
            }
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
