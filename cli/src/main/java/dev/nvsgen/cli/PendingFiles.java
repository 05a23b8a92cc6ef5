package dev.nvsgen.cli;

import dev.nvsgen.factory.OutputPlan;
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
 * written together, after the library's {@link OutputPlan} has checked them against the command's
 * inputs and key files and against each other. If one write fails, the files this run created are
 * removed again, so a failed run leaves nothing new behind (a file it replaced stays replaced: each
 * write is atomic on its own).
 */
final class PendingFiles {
    private final Main main;
    private final List<Pending> files = new ArrayList<>();
    private final OutputPlan plan = new OutputPlan("--force");

    /** One file to write: {@code what} it holds and how the command's output names it ({@code shown}). */
    record Pending(Path path, byte[] data, boolean secret, String what, String shown) {}

    PendingFiles(Main main) {
        this.main = main;
    }

    /** A file the command reads, named {@code given} as the user wrote it; no output may replace it. */
    void input(Path path, String given, String what) {
        plan.input(path, given, what);
    }

    /** Every file in {@code paths} (relative to the working folder) is an input: {@code what} each is. */
    void inputs(List<Path> paths, String what) {
        for (Path p : paths) {
            Path file = main.workingDir().resolve(p);
            plan.input(file, shown(main, file), what);
        }
    }

    void add(Path path, byte[] data, boolean secret, String what, OutputPlan.Kind kind) {
        add(path, shown(main, path), data, secret, what, kind);
    }

    void add(Path path, String shown, byte[] data, boolean secret, String what, OutputPlan.Kind kind) {
        files.add(new Pending(path, data, secret, what, shown));
        plan.output(path, shown, role(kind, what), kind);
    }

    private static String role(OutputPlan.Kind kind, String what) {
        return switch (kind) {
            case NVS_IMAGE -> "the image";
            case FLASH_IMAGE -> "the merged image (--merged)";
            case FLASH_ARGS -> "the esptool argument file";
            case KEYS -> "the " + what;
            case ANY -> "the output";
        };
    }

    /**
     * Queues a newly made key file. An existing file with other contents is not replaced: it may hold the
     * only copy of keys already flashed to devices (and a timestamped name repeats within a minute).
     */
    void addKeyFile(Path path, byte[] data, String what, String option) throws IOException {
        // The size first: a large file in the way is not read to find that it differs.
        if (Files.isRegularFile(path)
                && (Files.size(path) != data.length || !Arrays.equals(Files.readAllBytes(path), data))) {
            throw new CliException(
                    shown(main, path) + " already exists and holds other keys; nvsgen does not overwrite key files"
                            + " (remove it, or name another file with " + option + ")",
                    ExitCode.INPUT);
        }
        add(path, data, true, what, OutputPlan.Kind.KEYS);
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

    /**
     * Checks every output (see {@link OutputPlan#check}; {@code force} lets a file nvsgen did not write
     * be replaced), writes every file, then says on {@code out} what it wrote where.
     */
    void writeAll(PrintWriter out, boolean force) throws IOException {
        plan.check(force);
        List<Path> created = new ArrayList<>();
        try {
            for (Pending f : files) {
                boolean existed = Files.exists(f.path());
                try {
                    AtomicFiles.write(f.path(), f.data(), f.secret());
                } catch (java.nio.file.FileSystemException e) {
                    // As the user named it ("nvs.bin: cannot be written: no space left on device").
                    throw new java.nio.file.FileSystemException(f.shown(), null, e.getReason());
                }
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
