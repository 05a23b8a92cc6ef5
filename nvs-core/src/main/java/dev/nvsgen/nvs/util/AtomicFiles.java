package dev.nvsgen.nvs.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that it is either complete or absent: a temporary file beside it, then a rename.
 *
 * <p>Every temporary file is named {@code .TARGET.nvsgen-tmp-PID[-N]} beside its target, so that a later
 * run can recognise the leftovers of a crashed one. This class installs nothing process-wide: an
 * application that wants temporary files removed on Ctrl-C hands a {@link Tracker} to {@link #track}
 * (nvsgen's factory module and command line do).
 */
public final class AtomicFiles {
    /** What every temporary file's name contains, followed by the writer's process id. */
    public static final String TEMP_MARKER = ".nvsgen-tmp-";

    private static final Set<StandardOpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] DEFAULT = new FileAttribute<?>[0];
    private static final long PID = readPid();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Tracker NONE = new Tracker() {
        @Override
        public void created(Path tmp) {}

        @Override
        public void finished(Path tmp) {}
    };

    private static volatile Tracker tracker = NONE;
    /**
     * Fault injection for the tests only: how long to keep each temporary file before renaming it, so
     * that a test can interrupt a run while a write is under way. Zero (off) unless the system property
     * is set.
     */
    private static final long HOLD_MILLIS = Long.getLong("nvsgen.fault.holdTempMillis", 0);

    private AtomicFiles() {}

    /**
     * Told about every temporary file while it exists, e.g. to remove it when the process is interrupted.
     * {@link #created} may refuse a file (the process is shutting down) by throwing after removing it.
     */
    public interface Tracker {
        /** {@code tmp} was just created (or truncated) and is about to be written. */
        void created(Path tmp) throws IOException;

        /** {@code tmp} was renamed into place or deleted. */
        void finished(Path tmp);
    }

    /** Makes {@code t} (null: none) the tracker of every temporary file written from now on. */
    public static void track(Tracker t) {
        tracker = t == null ? NONE : t;
    }

    /** The temporary file's name for {@code target} in this process: unique per target, not per call. */
    public static Path tempNameFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMP_MARKER + PID);
    }

    /** The attributes that make a new file owner-only where the file system supports it. */
    public static FileAttribute<?>[] ownerOnly() {
        return OWNER_ONLY.clone();
    }

    /** This process's id, read once without {@code ProcessHandle}; temporary files and run locks name it. */
    public static long pid() {
        return PID;
    }

    /** Says that {@code tmp}, made by {@link #createTemp}, was renamed into place or deleted. */
    public static void finished(Path tmp) {
        tracker.finished(tmp);
    }

    /**
     * {@link #write} for batches of many small files in a folder that exists: the temporary file is
     * named after the target ({@link #tempNameFor}) and created with its final permissions, so a
     * file costs a create, a write and a rename and nothing more. A process must not write one target
     * from two threads at once (they would share the temporary file).
     */
    public static void writeInFolder(Path target, byte[] data, boolean ownerOnly) throws IOException {
        Path tmp = tempNameFor(target);
        boolean done = false;
        try {
            if (ownerOnly) {
                java.nio.channels.SeekableByteChannel created;
                try {
                    created = Files.newByteChannel(tmp, CREATE_NEW, OWNER_ONLY);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // A crashed run with this process's id left it: made anew, so only we can read it.
                    Files.delete(tmp);
                    created = Files.newByteChannel(tmp, CREATE_NEW, OWNER_ONLY);
                }
                try (var channel = created) {
                    tracker.created(tmp);
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                }
            } else {
                // java.io rather than a channel: fewer layers per file, which counts at a million files.
                // The name is this process's own, so truncating a leftover of a crashed run is harmless.
                try (java.io.FileOutputStream out = new java.io.FileOutputStream(tmp.toFile())) {
                    tracker.created(tmp);
                    out.write(data);
                }
            }
            hold();
            if (!tmp.toFile().renameTo(target.toFile())) {
                move(tmp, target); // says why the rename failed
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
            tracker.finished(tmp);
        }
    }

    /**
     * Writes {@code data} to {@code target}, replacing it. With {@code ownerOnly} the file is created
     * readable and writable by its owner alone (for key material), before any byte is written to it.
     * A failure names {@code target}, never the temporary file ("no space left on device").
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
            // Reopened by name: never through a link someone put there since it was made (O_NOFOLLOW).
            Files.write(
                    tmp,
                    data,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS);
            hold();
            move(tmp, target);
        } catch (IOException e) {
            throw new FileSystemException(target.toString(), null, "cannot be written: " + reason(e));
        } finally {
            Files.deleteIfExists(tmp);
            tracker.finished(tmp);
        }
    }

    /**
     * Creates a new, empty temporary file beside {@code target} (and any missing folders), owner-only
     * when asked (from its creation, where the file system has POSIX permissions), and tells the
     * {@link Tracker}. The name is unique per process and call but not secret, so it needs no
     * {@code SecureRandom}, whose seeding would cost a short command a noticeable part of its run time. The
     * caller removes it, or renames it, and then calls {@link #finished}.
     */
    public static Path createTemp(Path target, boolean ownerOnly) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        return newTemp(target, ownerOnly);
    }

    /** {@link #createTemp} in a folder that exists. */
    public static Path newTemp(Path target, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + TEMP_MARKER + PID + "-";
        while (true) {
            Path tmp = dir.resolve(prefix + COUNTER.incrementAndGet());
            try {
                Files.createFile(tmp, ownerOnly ? OWNER_ONLY : DEFAULT);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                continue; // left by an earlier process that had the same pid: take the next number
            }
            tracker.created(tmp);
            return tmp;
        }
    }

    /**
     * This process's id. On Linux read from {@code /proc/self}: {@code ProcessHandle}'s class starts a thread
     * pool and spins lambdas when it loads, some 20 ms of a one-image command's start.
     */
    private static long readPid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }

    private static void hold() throws java.io.InterruptedIOException {
        if (HOLD_MILLIS > 0) {
            try {
                Thread.sleep(HOLD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
    }

    /** Why a write failed, in words: "no space left on device", "permission denied". */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its folder does not exist or cannot hold files";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way of its folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.equals("No space left on device") ? "no space left on device" : m;
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
