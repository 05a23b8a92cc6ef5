package dev.nvsgen.cli;

/** Exit statuses of nvsgen. */
final class ExitCode {
    static final int OK = 0;
    /** Bad input data: a CSV row, a value, a size, a file that cannot be read or written. */
    static final int INPUT = 1;
    /** Bad command line. */
    static final int USAGE = 2;
    /** {@code verify}: the image has findings. */
    static final int FINDINGS = 1;
    /** {@code dump} and {@code verify}: the image (or its keys) could not be read at all. */
    static final int UNREADABLE = 2;
    /** A fault in nvsgen itself. */
    static final int INTERNAL = 70;

    private ExitCode() {}
}
