package dev.nvsgen.factory;

import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files nvsgen writes before renaming them into place, and what happens to them when a
 * run does not finish.
 *
 * <p>Every temporary file is named {@code .TARGET.nvsgen-tmp-PID[-N]} beside its target and is
 * registered here while it exists, once {@link #install} made this class their tracker. On Ctrl-C or SIGTERM a shutdown hook removes the registered files
 * (and any other file {@linkplain #deleteOnInterrupt handed to it}); a temporary file created after the
 * hook ran is removed by its creator. After a crash (kill -9, power loss), {@link #removeStale} lets the
 * next run in the folder remove the files whose process is gone, recognised by name and process id.
 */
public final class TempFiles {
    /** What every temporary file's name contains, followed by the writer's process id. */
    public static final String MARKER = AtomicFiles.TEMP_MARKER;

    private static final long PID = AtomicFiles.pid();
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static volatile boolean shuttingDown;
    private static volatile boolean hookInstalled;
    private static volatile boolean installed;

    private TempFiles() {}

    /**
     * Makes every temporary file {@link AtomicFiles} writes from now on one of these: removed by a shutdown
     * hook (installed with the first file) on Ctrl-C or SIGTERM. The batch engine calls it; so does the
     * command line, first thing. Calling it again does nothing.
     */
    public static void install() {
        if (!installed) {
            AtomicFiles.track(new Registry());
            installed = true;
        }
    }

    /** The temporary file's name for {@code target} in this process: unique per target, not per call. */
    public static Path nameFor(Path target) {
        return AtomicFiles.tempNameFor(target);
    }

    /**
     * Creates a new, empty temporary file beside {@code target}, owner-only from its creation when
     * {@code ownerOnly} (where the file system has POSIX permissions), and registers it.
     */
    public static Path create(Path target, boolean ownerOnly) throws IOException {
        install();
        return AtomicFiles.newTemp(target, ownerOnly);
    }

    /**
     * Registers {@code tmp}, which the caller has just created, for removal on an interrupt. If the
     * process is already shutting down the file is removed at once and this throws: the run is over.
     */
    public static void register(Path tmp) throws IOException {
        installHook();
        PENDING.add(tmp);
        if (shuttingDown) {
            PENDING.remove(tmp);
            Files.deleteIfExists(tmp);
            throw new InterruptedIOException("nvsgen is shutting down; " + tmp.getFileName() + " removed");
        }
    }

    /** Says that {@code tmp} was renamed into place or deleted: nothing to remove any more. */
    public static void done(Path tmp) {
        PENDING.remove(tmp);
    }

    /** Removes {@code file} if the process is interrupted before {@link #done} is called for it. */
    public static void deleteOnInterrupt(Path file) {
        installHook();
        PENDING.add(file);
    }

    /** True once Ctrl-C, SIGTERM or {@code System.exit} has started the process's shutdown. */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Removes from {@code dir} the temporary files of nvsgen processes that no longer run (a run killed
     * with SIGKILL, or a machine that lost power); returns how many. Files of running processes, and
     * anything not named like a temporary file, are left alone. A missing folder holds none.
     */
    public static int removeStale(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        // No glob: it would compile a regular expression for every folder looked at.
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.indexOf(MARKER) < 0) {
                    continue;
                }
                long pid = pidOf(name);
                if (pid > 0 && pid != PID && !alive(pid) && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            // Best effort: a folder that cannot be listed is reported by the write that needs it.
        }
        return removed;
    }

    /** The process id in a temporary file's name, or -1 if the name is not one. */
    static long pidOf(String name) {
        int at = name.lastIndexOf(MARKER);
        if (!name.startsWith(".") || at < 1) {
            return -1;
        }
        String rest = name.substring(at + MARKER.length());
        int dash = rest.indexOf('-');
        String pid = dash < 0 ? rest : rest.substring(0, dash);
        if (!digits(pid) || (dash >= 0 && !digits(rest.substring(dash + 1)))) {
            return -1;
        }
        return Long.parseLong(pid);
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** This process's id, read once without {@code ProcessHandle}; run locks name it too. */
    public static long pid() {
        return PID;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (TempFiles.class) {
            if (hookInstalled) {
                return;
            }
            try {
                // A class, not a method reference: lambda bootstrap would cost every short command.
                Runtime.getRuntime().addShutdownHook(new Thread(new Cleanup(), "nvsgen-temp-cleanup"));
            } catch (IllegalStateException e) {
                shuttingDown = true; // already shutting down: register() removes what it is given
            }
            hookInstalled = true;
        }
    }

    /** What {@link AtomicFiles} tells about its temporary files, once {@link #install}ed. */
    private static final class Registry implements AtomicFiles.Tracker {
        @Override
        public void created(Path tmp) throws IOException {
            register(tmp);
        }

        @Override
        public void finished(Path tmp) {
            done(tmp);
        }
    }

    /** The shutdown hook: from now on no temporary file survives, whoever creates it. */
    private static final class Cleanup implements Runnable {
        @Override
        public void run() {
            shuttingDown = true;
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Nothing more can be done while the process ends; the next run removes it (removeStale).
                }
            }
        }
    }
}
