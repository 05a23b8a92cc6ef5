package dev.nvsgen.factory;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One run per output folder: an operating-system lock on {@value #FILE_NAME} in the folder, held for
 * the whole run. A second run into the folder fails at once, naming the holder (process id, host,
 * start time, which the holder writes into the file). The lock goes with the process, so a run killed
 * with SIGKILL leaves no lock behind, only the file, which the next run takes over.
 *
 * <pre>{@code
 * try (RunLock lock = RunLock.acquire(outDir, "out")) {
 *     ... // write the run's files
 * }
 * }</pre>
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE_NAME = ".nvsgen.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** Folders made to hold the lock file, deepest first: removed again if the run leaves them empty. */
    private final List<Path> madeFolders;

    private boolean closed;

    private RunLock(Path file, FileChannel channel, FileLock lock, List<Path> madeFolders) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.madeFolders = madeFolders;
    }

    /**
     * Takes the lock of {@code folder} (created if missing), called {@code shown} in messages.
     *
     * @throws NvsInputException when another run holds it, naming that run
     */
    public static RunLock acquire(Path folder, String shown) {
        Path file = folder.resolve(FILE_NAME);
        // Epoch milliseconds, formatted only by a run that is refused: java.time's formatting would cost
        // every run's start-up a noticeable part of a short command.
        String holder = "pid " + TempFiles.pid() + " on " + host() + ", started " + System.currentTimeMillis() + " ("
                + System.nanoTime() + ")";
        List<Path> made = new ArrayList<>();
        for (Path p = folder.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            made.add(p);
        }
        try {
            Files.createDirectories(folder);
            // A finishing run deletes its lock file while still holding it; whoever opened the old file
            // then holds a file no longer in the folder, sees that (the path's file key changed), and
            // tries again. The file is never opened a second time while locked: closing any descriptor
            // of it would drop the process's POSIX lock.
            for (int attempt = 0; attempt < 20; attempt++) {
                Object before = fileKey(file, true);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // this process holds it already
                }
                if (lock == null) {
                    String other = read(channel);
                    channel.close();
                    removeEmpty(made);
                    throw new NvsInputException(shown + ": another nvsgen run is writing to this folder ("
                            + (other.isBlank() ? "its details are not written yet" : describe(other))
                            + "); wait for it to finish, or choose another output folder");
                }
                try {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                } catch (IOException e) {
                    // Held, so ours to remove: a run that cannot start leaves nothing (a full disk, say).
                    Files.deleteIfExists(file);
                    channel.close();
                    removeEmpty(made);
                    throw e;
                }
                Object after = fileKey(file, false);
                if (before != null && before.equals(after)) {
                    TempFiles.deleteOnInterrupt(file);
                    return new RunLock(file, channel, lock, made);
                }
                lock.release();
                channel.close();
            }
            throw new NvsInputException(shown + ": cannot take the run lock " + FILE_NAME + " (it keeps changing)");
        } catch (IOException e) {
            throw new NvsInputException(
                    shown + ": cannot take the run lock " + FILE_NAME + ": " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * The holder line for a message: without the nonce that tells two takes of the lock apart, the
     * start time as an instant ({@code pid 4711 on build-3, started 2026-12-01T14:52:11Z}).
     */
    private static String describe(String holder) {
        String line = holder.strip();
        int nonce = line.lastIndexOf(" (");
        if (nonce > 0 && line.endsWith(")")) {
            line = line.substring(0, nonce);
        }
        int at = line.lastIndexOf(", started ");
        if (at > 0) {
            String millis = line.substring(at + ", started ".length());
            try {
                line = line.substring(0, at) + ", started "
                        + Instant.ofEpochMilli(Long.parseLong(millis)).truncatedTo(ChronoUnit.SECONDS);
            } catch (NumberFormatException e) {
                // written by something else: shown as it is
            }
        }
        return line;
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /** The file key (device and inode) of {@code file}, created first if asked; null if there is none. */
    private static Object fileKey(Path file, boolean create) throws IOException {
        if (create) {
            try {
                Files.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // a crashed run's, or the holder's: either way the lock decides
            }
        }
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "this host";
        }
    }

    /** Removes the lock file and lets the next run in. */
    @Override
    public synchronized void close() {
        if (closed) {
            return; // a second close must not delete the lock file of a run that came in since
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The file stays; the lock itself is released below, and the next run takes the file over.
        }
        TempFiles.done(file);
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case.
        }
        removeEmpty(madeFolders);
    }

    /** A refused run leaves nothing behind: not even the output folder it made for its lock. */
    private static void removeEmpty(List<Path> folders) {
        for (Path p : folders) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty: the run wrote into it
            }
        }
    }
}
