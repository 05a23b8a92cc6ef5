package dev.nvsgen.cli;

/** Exit statuses of nvsgen. */
final class ExitCode {
    static final int OK = 0;
    /** Bad input data: a CSV row, a value, a size, a file that cannot be read or written. */
    static final int INPUT = 1;
    /** Bad command line. */
    static final int USAGE = 2;
    /** A fault in nvsgen itself. */
    static final int INTERNAL = 70;

    private ExitCode() {}
}
