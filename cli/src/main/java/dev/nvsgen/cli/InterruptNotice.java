package dev.nvsgen.cli;

import java.io.PrintWriter;

/**
 * What Ctrl-C or SIGTERM during an {@code mfg generate} or {@code batch} run leaves, said on standard
 * error as the process ends: how many devices the run recorded, and that {@code --resume} finishes it.
 * A shutdown hook, registered from {@link #register} until {@link #close}: only while the run goes.
 */
final class InterruptNotice extends Thread implements AutoCloseable {
    private final String command;
    private final PrintWriter err;
    private final Runnable first;
    private volatile Progress progress;
    private volatile long total;
    private volatile String recorded;

    /**
     * {@code first} runs before the notice is printed (mfg saves its progress file). An interrupt before
     * {@link #counting} says nothing: the run had not begun to write.
     */
    InterruptNotice(String command, PrintWriter err, Runnable first) {
        super("nvsgen-interrupted");
        this.command = command;
        this.err = err;
        this.first = first;
    }

    /** From now on the run counts its devices with {@code progress}: {@code total} of them, {@code recorded} where. */
    InterruptNotice counting(Progress progress, long total, String recorded) {
        this.total = total;
        this.recorded = recorded;
        this.progress = progress;
        return this;
    }

    /** Registers the notice as a shutdown hook. */
    InterruptNotice register() {
        Runtime.getRuntime().addShutdownHook(this);
        return this;
    }

    /** Unregisters it: the run is over. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(this);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook says what the run left.
        }
    }

    @Override
    public void run() {
        Progress p = progress;
        if (p == null) {
            return;
        }
        first.run();
        err.println(command + ": interrupted: " + p.devices() + " of " + total + " " + recorded
                + "; run the same command with --resume to finish");
        err.flush();
    }
}
