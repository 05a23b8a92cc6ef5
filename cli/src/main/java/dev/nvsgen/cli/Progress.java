package dev.nvsgen.cli;

import dev.nvsgen.factory.BatchListener;
import dev.nvsgen.factory.DeviceRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the devices a batch writes and, on a terminal, shows the count, the rate and the time left on
 * one line of standard error, redrawn a few times a second.
 */
final class Progress implements BatchListener, AutoCloseable {
    private static final long REDRAW_MILLIS = 200;

    private final long total;
    private final PrintWriter terminal;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Thread painter;
    private volatile boolean closed;
    private int shownWidth;

    /** Counts toward {@code total}; draws on {@code terminal} unless it is null. */
    Progress(long total, PrintWriter terminal) {
        this.total = total;
        this.terminal = terminal;
        if (terminal == null) {
            painter = null;
        } else {
            painter = new Thread(this::paintLoop, "nvsgen-progress");
            painter.setDaemon(true);
            painter.start();
        }
    }

    @Override
    public void written(DeviceRecord record) {
        done.incrementAndGet();
        bytes.addAndGet(record.imageBytes());
    }

    long devices() {
        return done.get();
    }

    long bytes() {
        return bytes.get();
    }

    private void paintLoop() {
        while (!closed) {
            paint();
            try {
                Thread.sleep(REDRAW_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void paint() {
        if (closed) {
            return;
        }
        long n = done.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = seconds > 0 ? n / seconds : 0;
        String eta = rate > 0 && n > 0 ? clock((long) ((total - n) / rate)) : "--:--";
        String line = String.format(
                Locale.ROOT,
                "%,d/%,d devices (%d%%)  %,.0f/s  ETA %s",
                n,
                total,
                total == 0 ? 100 : n * 100 / total,
                rate,
                eta);
        terminal.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
        terminal.flush();
        shownWidth = line.length();
    }

    static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** Stops drawing and clears the progress line. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (painter != null) {
            painter.interrupt();
            terminal.print("\r" + " ".repeat(shownWidth) + "\r");
            terminal.flush();
        }
    }

    /** How long since the count started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
