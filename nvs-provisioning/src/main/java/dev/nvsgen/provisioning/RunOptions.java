package dev.nvsgen.provisioning;

import dev.nvsgen.factory.BatchListener;
import java.util.Objects;

/**
 * How a run into an output folder goes: {@code resume} finishes an interrupted run there (devices it made
 * are kept, not issued again); {@code force} starts afresh over one; {@code threads} devices are made at
 * once; {@code progress} hears of each device written, in order, on the calling thread.
 */
public record RunOptions(boolean resume, boolean force, int threads, BatchListener progress) {
    public RunOptions {
        Objects.requireNonNull(progress, "progress");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (resume && force) {
            throw new IllegalArgumentException("resume and force exclude each other");
        }
    }

    /** A new run (refused if the folder holds one), one thread per core, no progress. */
    public static RunOptions defaults() {
        return new RunOptions(false, false, Runtime.getRuntime().availableProcessors(), BatchListener.NONE);
    }

    public RunOptions withResume() {
        return new RunOptions(true, false, threads, progress);
    }

    public RunOptions withForce() {
        return new RunOptions(false, true, threads, progress);
    }

    public RunOptions withThreads(int n) {
        return new RunOptions(resume, force, n, progress);
    }

    public RunOptions withProgress(BatchListener listener) {
        return new RunOptions(resume, force, threads, listener);
    }
}
