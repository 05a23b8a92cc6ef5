package dev.nvsgen.cli;

import dev.nvsgen.factory.TempFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code nvsgen} command: maps arguments onto the library and shows its results. */
@Command(
        name = "nvsgen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "ESP-IDF NVS partition images: generate, encrypt, read back and verify.")
public final class Main {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    /** The folder relative paths are resolved against; the process's current folder outside tests. */
    private final Path workingDir;

    Main(Path workingDir) {
        this.workingDir = workingDir;
    }

    public static void main(String[] args) {
        System.exit(run(
                Path.of("").toAbsolutePath(),
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                args));
    }

    /** Runs one command line; returns the exit status. */
    static int run(Path workingDir, PrintWriter out, PrintWriter err, String... args) {
        // Temporary files of every command are removed on Ctrl-C: the library installs no hook itself.
        TempFiles.install();
        try {
            Integer status = DirectRun.tryRun(new Main(workingDir), out, err, args);
            if (status == null) {
                return runWithPicocli(workingDir, out, err, args);
            }
            out.flush();
            err.flush();
            return status;
        } catch (OutOfMemoryError e) {
            // What was allocated is garbage now, so there is room for the one line.
            return ErrorHandler.outOfMemory(err);
        }
    }

    /** {@link #run} without {@link DirectRun}: every command line through picocli. */
    static int runWithPicocli(Path workingDir, PrintWriter out, PrintWriter err, String... args) {
        Main main = new Main(workingDir);
        CommandLine cl = new CommandLine(main);
        Subcommands.register(cl, args);
        VersionProvider.addToSubcommands(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler.Usage());
        int status = VersionProvider.requested(args) ? printVersion(cl) : cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static int printVersion(CommandLine cl) {
        cl.printVersionHelp(cl.getOut());
        return ExitCode.OK;
    }

    Path workingDir() {
        return workingDir;
    }

    /** Resolves a path the user gave against the working folder. */
    Path resolve(String path) {
        return workingDir.resolve(expandHome(path));
    }

    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    /**
     * The paths as the user gave them ({@code ~} expanded), still relative: the library resolves them
     * against the working folder and names them as given in messages. A loop, not a stream: lambdas
     * cost a short command their bootstrap time.
     */
    static java.util.List<Path> paths(java.util.List<String> names) {
        java.util.List<Path> paths = new java.util.ArrayList<>(names.size());
        for (String name : names) {
            paths.add(Path.of(expandHome(name)));
        }
        return paths;
    }

    /** The {@link Main} at the root of the command a subcommand runs in. */
    static Main of(CommandLine.Model.CommandSpec spec) {
        return (Main) spec.root().userObject();
    }
}
