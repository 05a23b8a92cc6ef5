package dev.nvsgen.nvs.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes a file so that it is either complete or absent: a temporary file beside it, then a rename. */
public final class AtomicFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<StandardOpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    /** Tells this process's temporary files from another's that writes the same target at the same time. */
    private static final String TMP_SUFFIX = "." + ProcessHandle.current().pid() + ".nvsgen-tmp";

    private AtomicFiles() {}

    /**
     * {@link #write} for batches of many small files in a folder that exists: the temporary file is
     * named after the target ({@code .NAME.PID.nvsgen-tmp}) and created with its final permissions, so a
     * file costs a create, a write and a rename and nothing more. A process must not write one target
     * from two threads at once (they would share the temporary file).
     */
    public static void writeInFolder(Path target, byte[] data, boolean ownerOnly) throws IOException {
        Path parent = target.getParent();
        String tmpName = "." + target.getFileName() + TMP_SUFFIX;
        Path tmp = parent == null ? Path.of(tmpName) : parent.resolve(tmpName);
        boolean done = false;
        try {
            if (ownerOnly) {
                Files.deleteIfExists(tmp); // a crashed run's leftover would make CREATE_NEW fail
                try (var channel = Files.newByteChannel(tmp, CREATE_NEW, OWNER_ONLY)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                }
            } else {
                // java.io rather than a channel: fewer layers per file, which counts at a million files.
                // The name is this process's own, so truncating a leftover of a crashed run is harmless.
                try (java.io.FileOutputStream out = new java.io.FileOutputStream(tmp.toFile())) {
                    out.write(data);
                }
            }
            if (!tmp.toFile().renameTo(target.toFile())) {
                move(tmp, target); // says why the rename failed
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

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
