package dev.nvsgen.nvs.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a file so that it is either complete or absent: a temporary file beside it, then a rename. */
public final class AtomicFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final AtomicLong COUNTER = new AtomicLong();

    private static final Set<StandardOpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    private static final long PID = pid();
    /** Tells this process's temporary files from another's that writes the same target at the same time. */
    private static final String TMP_SUFFIX = "." + PID + ".nvsgen-tmp";

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
        if (Files.isDirectory(target)) {
            throw new FileSystemException(target.toString(), null, "is a folder; name the file to write");
        }
        Path tmp;
        try {
            tmp = createTemp(target, ownerOnly);
        } catch (IOException e) {
            // The temporary file's name means nothing to the user: name the file they asked for.
            throw new FileSystemException(target.toString(), null, "cannot be written: " + reason(e));
        }
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
        String prefix = "." + target.getFileName() + "." + PID + ".";
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

    /**
     * This process's id. On Linux read from {@code /proc/self}: {@code ProcessHandle}'s class starts a thread
     * pool and spins lambdas when it loads, some 20 ms of a one-image command's start.
     */
    private static long pid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its folder does not exist or cannot hold files";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
