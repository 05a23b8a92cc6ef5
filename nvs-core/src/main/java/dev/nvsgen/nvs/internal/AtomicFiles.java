package dev.nvsgen.nvs.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a file so that it is either complete or absent: a temporary file beside it, then a rename. */
public final class AtomicFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {}

    /**
     * Writes {@code data} to {@code target}, replacing it. With {@code ownerOnly} the file is created
     * readable and writable by its owner alone (for key material), before any byte is written to it.
     */
    public static void write(Path target, byte[] data, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = ownerOnly && POSIX
                ? Files.createTempFile(
                        dir,
                        ".nvsgen-",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".nvsgen-", ".tmp");
        try {
            Files.write(tmp, data);
            if (!ownerOnly && POSIX) {
                // createTempFile makes owner-only files; an image is not secret, so give it the usual mode.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
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
