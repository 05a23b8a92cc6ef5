package dev.nvsgen.factory;

import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.Sha256;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch of {@link DeviceJob}s on a pool of worker threads and writes what they make.
 *
 * <p>Jobs are pulled from the iterator only while fewer than the window's worth are in flight, so a
 * batch of any size runs in the memory of a few dozen images. Each file is written atomically (a
 * temporary file, then a rename), so an image is either whole or absent. The first failure stops the
 * run: no further job is started, the jobs already running finish (their images are valid and are
 * reported), and then {@link #run} throws the failure of the earliest device that failed.
 *
 * <pre>{@code
 * BatchRunner runner = BatchRunner.builder().build();
 * BatchSummary s = runner.run(jobs, record -> log(record.id(), record.imageSha256()));
 * }</pre>
 */
public final class BatchRunner {

    private final int threads;
    private final int window;
    private final boolean ordered;
    private final boolean overwrite;
    /** Output paths being written right now: two devices of one batch must not write the same file. */
    private final Set<Path> claimed = ConcurrentHashMap.newKeySet();
    /** Folders known to exist, so that each is created once rather than checked for every file. */
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    private BatchRunner(Builder b) {
        this.threads = b.threads;
        this.window = b.window > 0 ? b.window : 4 * b.threads;
        this.ordered = b.ordered;
        this.overwrite = b.overwrite;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a runner; every one has a default. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private int window;
        private boolean ordered = true;
        private boolean overwrite;

        private Builder() {}

        /** Worker threads (default: one per core). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Devices in flight at most, made but not yet reported (default: four per thread); bounds memory. */
        public Builder window(int devices) {
            if (devices < 1) {
                throw new IllegalArgumentException("window must be at least 1, was " + devices);
            }
            this.window = devices;
            return this;
        }

        /** Report devices in input order (the default), or as they finish. */
        public Builder ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        /** Replace files that exist already; by default an existing output fails the run. */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        public BatchRunner build() {
            return new BatchRunner(this);
        }
    }

    /**
     * Makes and writes every job's files, telling {@code listener} of each device written.
     *
     * @throws NvsException the earliest device's failure (bad input, an output that exists, a file that
     *     cannot be written); the devices reported to the listener before it stay written and valid
     */
    public BatchSummary run(Iterator<? extends DeviceJob> jobs, BatchListener listener) {
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(listener, "listener");
        TempFiles.install();
        long start = System.nanoTime();
        Run run = new Run(listener);
        ExecutorService pool = Executors.newFixedThreadPool(threads, new Workers());
        try {
            while (run.failure == null) {
                DeviceJob job;
                try {
                    if (!jobs.hasNext()) {
                        break;
                    }
                    job = Objects.requireNonNull(jobs.next(), "the job iterator gave null");
                } catch (RuntimeException e) {
                    // A device that cannot even be read (a bad row, say): it fails at its place in the order.
                    run.fail(run.submitted, e);
                    break;
                }
                while (run.inFlight >= window) {
                    run.complete(run.done.take());
                }
                long index = run.submitted++;
                run.inFlight++;
                pool.execute(() -> run.done.add(make(index, job)));
                for (Outcome o = run.done.poll(); o != null; o = run.done.poll()) {
                    run.complete(o);
                }
            }
            while (run.inFlight > 0) {
                run.complete(run.done.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            awaitQuietly(pool);
            throw new NvsException("the batch was interrupted after " + run.written + " devices");
        } finally {
            pool.shutdown();
        }
        if (run.failure != null) {
            throw asUnchecked(run.failure);
        }
        return new BatchSummary(run.written, run.bytes, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException asUnchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return new NvsException(describe(io), io);
        }
        return new NvsException(t.toString(), t);
    }

    /** The state of one run; touched only by the thread that called {@link #run}, except {@link #done}. */
    private final class Run {
        final BlockingQueue<Outcome> done = new LinkedBlockingQueue<>();
        final BatchListener listener;
        /** Finished devices waiting for an earlier one, in ordered mode. */
        final Map<Long, Outcome> waiting = new HashMap<>();

        long submitted;
        int inFlight;
        long nextToReport;
        long written;
        long bytes;
        Throwable failure;
        long failureIndex = Long.MAX_VALUE;

        Run(BatchListener listener) {
            this.listener = listener;
        }

        void complete(Outcome o) {
            inFlight--;
            if (o.error != null) {
                fail(o.index, o.error);
            }
            if (!ordered) {
                report(o);
                return;
            }
            waiting.put(o.index, o);
            for (Outcome next = waiting.remove(nextToReport); next != null; next = waiting.remove(nextToReport)) {
                report(next);
                nextToReport++;
            }
        }

        private void report(Outcome o) {
            if (o.record == null) {
                return;
            }
            written++;
            bytes += o.record.imageBytes();
            try {
                listener.written(o.record);
            } catch (RuntimeException e) {
                fail(o.index, e);
            }
        }

        void fail(long index, Throwable t) {
            if (index < failureIndex) {
                failure = t;
                failureIndex = index;
            }
        }
    }

    /** A finished job: its record, or why it failed. */
    private record Outcome(long index, DeviceRecord record, Throwable error) {}

    private Outcome make(long index, DeviceJob job) {
        if (job instanceof WrittenJob kept) {
            return new Outcome(index, kept.record(index), null);
        }
        try {
            DeviceOutput out = Objects.requireNonNull(job.make(), "DeviceJob.make() returned null");
            return new Outcome(index, write(index, job.id(), out), null);
        } catch (Throwable t) {
            return new Outcome(index, null, t);
        }
    }

    private DeviceRecord write(long index, String id, DeviceOutput out) {
        List<Path> mine = new ArrayList<>(out.files().size() + 1);
        try {
            for (DeviceOutput.File f : out.files()) {
                claim(f.path(), id, mine);
            }
            claim(out.image(), id, mine);
            for (DeviceOutput.File f : out.files()) {
                writeFile(f.path(), f.data(), f.secret());
            }
            writeFile(out.image(), out.imageData(), out.imageSecret());
        } finally {
            for (Path p : mine) {
                claimed.remove(p);
            }
        }
        return new DeviceRecord(index, id, out.image(), out.imageLength(), Sha256.hex(out.imageData()), out.keysFile());
    }

    private void claim(Path target, String id, List<Path> mine) {
        if (!claimed.add(target)) {
            throw new NvsInputException(target + ": device " + id + " writes a file that another device of this"
                    + " batch writes too; device names must be unique");
        }
        mine.add(target);
        if (!overwrite && Files.exists(target)) {
            throw new OutputExistsException(target, target + " already exists; not replacing it (device " + id + ")");
        }
    }

    private void writeFile(Path file, byte[] data, boolean secret) {
        try {
            Path folder = file.getParent();
            if (folder != null && !folders.contains(folder)) {
                Files.createDirectories(folder);
                folders.add(folder);
            }
            AtomicFiles.writeInFolder(file, data, secret);
        } catch (IOException e) {
            // The temporary file's name means nothing to the user: the reason and the target only.
            throw new NvsException(file + ": cannot be written: " + AtomicFiles.reason(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            return (f.getFile() != null ? f.getFile() + ": " : "") + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Daemon worker threads with names that say what they are in a thread dump. */
    private static final class Workers implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "nvsgen-batch-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
