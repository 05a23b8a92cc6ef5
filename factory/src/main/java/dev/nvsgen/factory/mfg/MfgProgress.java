package dev.nvsgen.factory.mfg;

import dev.nvsgen.factory.RunFingerprint;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.CsvParser;
import dev.nvsgen.nvs.util.CsvText;
import dev.nvsgen.nvs.util.InputFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of an mfg run while it goes, {@code OUTDIR/PREFIX-progress.csv}: the run's
 * {@link RunFingerprint}, then a line per device once its files are written (flushed at once, so that
 * after an interrupt or a crash it lists exactly the devices that are whole). A run that finishes
 * removes it; one that does not leaves it for {@code --resume}.
 *
 * <pre>
 * nvsgen-mfg-progress,1
 * input,the values file values.csv,SHA-256
 * device,NAME,ID,bin/NAME.bin,IMAGE SHA-256,BYTES,keys/keys-NAME.bin
 * </pre>
 */
final class MfgProgress implements Closeable {
    static final String SUFFIX = "-progress.csv";
    private static final String MAGIC = "nvsgen-mfg-progress";
    private static final String INPUT = "input";
    private static final String DEVICE = "device";

    /** One device written: paths relative to the output folder with forward slashes, keys empty when none. */
    record Row(String name, String id, String image, String sha256, long bytes, String keys) {}

    /** What an interrupted run recorded. */
    record Earlier(RunFingerprint fingerprint, Map<String, Row> rows) {}

    private final Path file;
    private final BufferedWriter out;
    private int pending;
    private long lastFlush = System.nanoTime();

    private MfgProgress(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    static Path file(Path outDir, String prefix) {
        return outDir.resolve(prefix + SUFFIX);
    }

    /**
     * Reads a progress file, called {@code shown} in messages. A last line cut short by a crash is
     * skipped; a file that is not one is refused.
     */
    static Earlier read(Path file, String shown) {
        List<String> fingerprint = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        try (CsvParser.Reader r = new CsvParser.Reader(
                new InputStreamReader(InputFiles.open(file, shown, "a progress file"), StandardCharsets.UTF_8),
                false,
                true)) {
            CsvParser.Record first = r.next();
            if (first == null
                    || first.fields().isEmpty()
                    || !first.fields().get(0).equals(MAGIC)) {
                throw new NvsInputException(shown + ": is not the progress file of an nvsgen mfg run");
            }
            for (CsvParser.Record rec = next(r); rec != null; rec = next(r)) {
                List<String> f = rec.fields();
                if (f.size() == 3 && f.get(0).equals(INPUT)) {
                    fingerprint.add(f.get(1) + "=" + f.get(2));
                } else if (f.size() == 7 && f.get(0).equals(DEVICE) && f.get(4).length() == 64) {
                    try {
                        rows.put(
                                f.get(1),
                                new Row(f.get(1), f.get(2), f.get(3), f.get(4), Long.parseLong(f.get(5)), f.get(6)));
                    } catch (NumberFormatException e) {
                        // a line the interrupted run did not finish writing
                    }
                }
            }
        } catch (IOException e) {
            throw new NvsInputException(shown + ": cannot be read: " + e.getMessage(), e);
        }
        return new Earlier(RunFingerprint.parse(fingerprint), rows);
    }

    /** The next record, or null at the end or at a last line cut short (an open quote). */
    private static CsvParser.Record next(CsvParser.Reader r) throws IOException {
        try {
            return r.next();
        } catch (CsvParser.MalformedCsvException e) {
            return null;
        }
    }

    /** Starts the file afresh (atomically) with {@code fingerprint} and the devices {@code kept} from an earlier run. */
    static MfgProgress start(Path file, RunFingerprint fingerprint, Collection<Row> kept) {
        StringBuilder s = new StringBuilder(MAGIC).append(",1\n");
        for (String line : fingerprint.lines()) {
            int eq = line.lastIndexOf('=');
            s.append(INPUT)
                    .append(',')
                    .append(CsvText.field(line.substring(0, eq)))
                    .append(',')
                    .append(line.substring(eq + 1))
                    .append('\n');
        }
        for (Row r : kept) {
            s.append(line(r));
        }
        try {
            // Owner-only: the fingerprint lines hold digests of key files, which are derived from secrets.
            AtomicFiles.write(file, s.toString().getBytes(StandardCharsets.UTF_8), true);
            return new MfgProgress(
                    file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be written: " + AtomicFiles.reason(e), e);
        }
    }

    private static String line(Row r) {
        return DEVICE + "," + CsvText.field(r.name()) + "," + CsvText.field(r.id()) + "," + CsvText.field(r.image())
                + "," + r.sha256() + "," + r.bytes() + "," + CsvText.field(r.keys()) + "\n";
    }

    /**
     * Records a device whose files are written. Lines go to the operating system in groups (every 64
     * devices, and at least every 200 ms): a write per device would cost a large run a tenth of its
     * time, and a line lost to kill -9 only means that device is made again on resume.
     */
    synchronized void append(Row row) {
        try {
            out.write(line(row));
            long now = System.nanoTime();
            if (++pending >= 64 || now - lastFlush > 200_000_000L) {
                out.flush();
                pending = 0;
                lastFlush = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be written: " + AtomicFiles.reason(e), e);
        }
    }

    /** Hands every line recorded so far to the operating system. */
    synchronized void flush() {
        try {
            out.flush();
            pending = 0;
        } catch (IOException e) {
            // Shutting down: the lines not written are devices a resume makes again.
        }
    }

    /** The run finished: the file goes. */
    void finish() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
