package dev.nvsgen.cli;

import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The files one command writes, collected until everything they hold is known to be good and then
 * written together. If one write fails, the files this run created are removed again, so a failed run
 * leaves nothing new behind (a file it replaced stays replaced: each write is atomic on its own).
 */
final class PendingFiles {
    private final Main main;
    private final List<Pending> files = new ArrayList<>();

    /** One file to write: {@code what} it holds and how the command's output names it ({@code shown}). */
    record Pending(Path path, byte[] data, boolean secret, String what, String shown) {}

    PendingFiles(Main main) {
        this.main = main;
    }

    void add(Path path, byte[] data, boolean secret, String what) {
        files.add(new Pending(path, data, secret, what, shown(main, path)));
    }

    /**
     * Queues a newly made key file. An existing file with other contents is not replaced: it may hold the
     * only copy of keys already flashed to devices (and a timestamped name repeats within a minute).
     */
    void addKeyFile(Path path, byte[] data, String what, String option) throws IOException {
        if (Files.exists(path) && !Arrays.equals(Files.readAllBytes(path), data)) {
            throw new CliException(
                    shown(main, path) + " already exists and holds other keys; nvsgen does not overwrite key files"
                            + " (remove it, or name another file with " + option + ")",
                    ExitCode.INPUT);
        }
        add(path, data, true, what);
    }

    /** {@code path} as the user would write it: relative to the working folder when it lies inside. */
    static String shown(Main main, Path path) {
        Path dir = main.workingDir().toAbsolutePath().normalize();
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(dir) ? dir.relativize(p).toString() : p.toString();
    }

    List<Pending> files() {
        return files;
    }

    /** Writes every file, then says on {@code out} what it wrote where. */
    void writeAll(PrintWriter out) throws IOException {
        List<Path> created = new ArrayList<>();
        try {
            for (Pending f : files) {
                boolean existed = Files.exists(f.path());
                AtomicFiles.write(f.path(), f.data(), f.secret());
                if (!existed) {
                    created.add(f.path());
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Path p : created) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        for (Pending f : files) {
            out.println("Created " + f.what() + ": " + f.shown());
        }
    }
}
