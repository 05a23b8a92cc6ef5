package dev.nvsgen.nvs.probes;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Files the reliability probes need that a test cannot always make: FIFOs, devices, huge sparse files. */
public final class SpecialFiles {
    private SpecialFiles() {}

    /** Makes a FIFO at {@code path}, or skips the test with a message where the OS does not let it. */
    public static Path fifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
            boolean done = p.waitFor(10, TimeUnit.SECONDS);
            Assumptions.assumeTrue(
                    done && p.exitValue() == 0 && Files.exists(path),
                    "skipped: mkfifo could not make a FIFO here (needed for this probe)");
        } catch (IOException e) {
            Assumptions.abort("skipped: mkfifo is not available (" + e.getMessage() + "); FIFO probes need it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Assumptions.abort("interrupted");
        }
        return path;
    }

    /** /dev/zero, or skips the test where there is none. */
    public static Path devZero() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "skipped: no /dev/zero on this system");
        return zero;
    }

    /** A sparse file of {@code bytes} (takes no disk space where the file system has holes). */
    public static Path sparse(Path path, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return path;
    }
}
