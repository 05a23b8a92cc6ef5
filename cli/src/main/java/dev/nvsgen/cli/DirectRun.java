package dev.nvsgen.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The commonest short command lines, run without picocli: {@code nvsgen --help} and a plain {@code nvsgen
 * generate [--version {1,2}] [--outdir DIR] INPUT.csv… OUTPUT SIZE}.
 *
 * <p>Why: picocli's classes are Java 5 class files, which class-data sharing cannot archive and the old
 * verifier checks on every start, and building a command's model by reflection (annotation proxies, its
 * built-in type converters, {@code java.time} and {@code java.sql} for them) costs a one-image command
 * several times the work of making the image. A scanner that only accepts what it fully understands is
 * cheap to keep right: every other command line (any other option, {@code @}files, {@code --}, a repeated
 * option, too few arguments, help for a subcommand) returns null and goes to picocli, so every error
 * message and all help still come from one place. {@code DirectRunTest} runs each accepted form both
 * ways and asserts the same exit status, output and files.
 */
final class DirectRun {
    private DirectRun() {}

    /** Runs {@code args} if this class handles them, returning the exit status; null to let picocli run them. */
    static Integer tryRun(Main main, PrintWriter out, PrintWriter err, String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            out.print(RootHelp.text());
            return ExitCode.OK;
        }
        if (args.length > 0 && args[0].equals("generate")) {
            return generate(main, out, err, args);
        }
        return null;
    }

    private static Integer generate(Main main, PrintWriter out, PrintWriter err, String[] args) {
        String version = null;
        String outdir = null;
        boolean verbose = false;
        List<String> positional = new ArrayList<>(args.length);
        int positionalRuns = 0;
        boolean inRun = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            boolean plain = plainValue(a);
            if (plain && !inRun) {
                positionalRuns++;
            }
            inRun = plain;
            if (a.equals("--verbose")) {
                if (verbose) {
                    return null;
                }
                verbose = true;
            } else if (a.equals("--version")
                    || a.equals("--outdir")
                    || a.startsWith("--version=")
                    || a.startsWith("--outdir=")) {
                // --name value or --name=value, each value as picocli would take it as it is.
                int eq = a.indexOf('=');
                String value;
                if (eq < 0) {
                    if (i + 1 == args.length || !plainValue(args[i + 1])) {
                        return null;
                    }
                    value = args[++i];
                } else {
                    value = a.substring(eq + 1);
                    if (!plainValue(value)) {
                        return null;
                    }
                }
                if (a.startsWith("--version")) {
                    if (version != null) {
                        return null;
                    }
                    version = value;
                } else {
                    if (outdir != null) {
                        return null;
                    }
                    outdir = value;
                }
            } else if (plain) {
                positional.add(a);
            } else {
                return null;
            }
        }
        // The format version as picocli would convert it: only the two valid values are taken here, so that
        // any other spelling gets picocli's (or FormatVersionOption's) message.
        if (version != null && !version.equals("1") && !version.equals("2")) {
            return null;
        }
        // picocli takes INPUT.csv… OUTPUT SIZE (arity 2..*) in runs of at least two between options; one run
        // of two or more means the same to both, anything else gets picocli's message.
        if (positionalRuns != 1 || positional.size() < 2) {
            return null;
        }
        GenerateCommand command = new GenerateCommand();
        command.help = new HelpOption();
        command.version = new FormatVersionOption();
        command.version.version = version == null ? 2 : Integer.parseInt(version);
        command.outdir = outdir == null ? "." : outdir;
        command.partitionTable = new PartitionTableMixin();
        command.partitionTable.tableOffset = PartitionTableMixin.DEFAULT_TABLE_OFFSET;
        command.positional = new CsvInputsOutputSize();
        command.positional.args = positional;
        main.verbose = verbose;
        try {
            return command.run(main, out, err);
        } catch (Exception e) {
            return ErrorHandler.report(e, GenerateCommand.NAME, err, verbose);
        }
    }

    /** An argument picocli would take as a value as it is: not an option, an argument file or empty. */
    private static boolean plainValue(String a) {
        return !a.isEmpty() && a.charAt(0) != '-' && a.charAt(0) != '@';
    }
}
