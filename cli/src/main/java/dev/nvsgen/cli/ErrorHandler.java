package dev.nvsgen.cli;

import dev.nvsgen.factory.TempFiles;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.util.MessageText;
import dev.nvsgen.partitions.PartitionTableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on standard error (control characters a message quotes written out, as
 * {@link MessageText#oneLine} does) and an exit status. Stack traces only with
 * {@code --verbose}, and for faults that are nvsgen's own.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        return report(e, cl.getCommandSpec().qualifiedName(" "), cl.getErr(), Main.of(cl.getCommandSpec()).verbose);
    }

    /**
     * Prints the one line for {@code e}, a failure of {@code command} (as "nvsgen generate"), and returns the
     * exit status. Shared with {@link DirectRun}, which runs short commands without picocli.
     */
    static int report(Exception e, String command, PrintWriter err, boolean verbose) {
        if (TempFiles.shuttingDown()) {
            // Ctrl-C or SIGTERM: the failure is the interrupt's doing; the shutdown hooks say what is left.
            return ExitCode.INPUT;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return outOfMemory(err);
            }
        }
        int status;
        if (e instanceof NvsException || e instanceof PartitionTableException || e instanceof CliException) {
            // A CliException is this command's own text, which may add a line on purpose (mfg's "3 images
            // were written before the failure"); what it quotes from a library exception is already one line.
            err.println(command + ": error: "
                    + (e instanceof CliException ? e.getMessage() : MessageText.oneLine(e.getMessage())));
            status = e instanceof CliException c ? c.status : ExitCode.INPUT;
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            err.println(command + ": error: "
                    + MessageText.oneLine(
                            describe(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e)));
            status = ExitCode.INPUT;
        } else {
            err.println(command + ": internal error: " + MessageText.oneLine(e.toString())
                    + (verbose ? "" : " (run with --verbose for details)"));
            status = ExitCode.INTERNAL;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** The one line for running out of heap (a worker thread's, or the main thread's), exit status 1. */
    static int outOfMemory(PrintWriter err) {
        err.println("nvsgen: error: out of memory; give Java more heap, e.g. NVSGEN_JAVA_OPTS=-Xmx2g");
        err.flush();
        return ExitCode.INPUT;
    }

    /** Says what an I/O failure was about, in words rather than an exception class name. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? "cannot be accessed" : f.getReason());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Bad command lines: the message, a pointer to help, exit status 2. */
    static final class Usage implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine cl = e.getCommandLine();
            PrintWriter err = cl.getErr();
            String unknown = UnknownArguments.describe(cl, args);
            err.println(cl.getCommandSpec().qualifiedName(" ") + ": " + (unknown != null ? unknown : e.getMessage()));
            err.println("Try '" + cl.getCommandSpec().qualifiedName(" ") + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        }
    }
}
