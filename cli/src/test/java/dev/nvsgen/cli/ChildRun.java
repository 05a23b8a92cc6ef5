package dev.nvsgen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * nvsgen in a child JVM (this JVM's {@code java}, the test class path), so that a test can kill it with
 * SIGTERM or SIGKILL mid-run. {@code holdMillis} keeps each temporary file that long before its rename
 * (the {@code nvsgen.fault.holdTempMillis} fault hook), which makes "mid-write" a state a test can wait for.
 */
final class ChildRun {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;

    private ChildRun(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildRun start(Path workingDir, Path log, long holdMillis, String... args) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                System.getProperty("os.name", "").startsWith("Windows"),
                "skipped: fault injection sends SIGTERM and SIGKILL, which Windows does not have");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-Dnvsgen.fault.holdTempMillis=" + holdMillis);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(workingDir.toFile())
                .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
                .redirectError(log.toFile())
                .start();
        return new ChildRun(p, log);
    }

    long pid() {
        return process.pid();
    }

    /** Waits (at most a minute) until {@code condition} holds while the child runs; false if it ended first. */
    boolean await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the child run did not get there within " + LIMIT + "; stderr: " + err());
    }

    /** SIGTERM (as Ctrl-C's shutdown) or SIGKILL, then the exit status. */
    int kill(boolean forcibly) throws InterruptedException {
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        return exitStatus();
    }

    int exitStatus() throws InterruptedException {
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child run did not end within " + LIMIT);
        }
        return process.exitValue();
    }

    String err() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
