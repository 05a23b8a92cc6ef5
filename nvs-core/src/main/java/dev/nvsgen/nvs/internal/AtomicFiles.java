package dev.nvsgen.nvs.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a file so that it is either complete or absent: a temporary file beside it, then a rename. */
public final class AtomicFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {}

    /**
     * Writes {@code data} to {@code target}, replacing it. With {@code ownerOnly} the file is created
     * readable and writable by its owner alone (for key material), before any byte is written to it.
     */
    public static void write(Path target, byte[] data, boolean ownerOnly) throws IOException {
        Path tmp = createTemp(target, ownerOnly);
        try {
            Files.write(tmp, data);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates a new, empty temporary file beside {@code target} (and any missing folders), owner-only
     * when asked. The name is unique per process and call but not secret, so it needs no
     * {@code SecureRandom}, whose seeding would cost a short command a noticeable part of its run time.
     */
    public static Path createTemp(Path target, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix =
                "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
        while (true) {
            Path tmp = dir.resolve(prefix + COUNTER.incrementAndGet() + ".tmp");
            try {
                return ownerOnly && POSIX
                        ? Files.createFile(
                                tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier process that had the same pid: take the next number.
            }
        }
    }

    /** Renames {@code tmp} onto {@code target}, atomically where the file system allows. */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
