package dev.nvsgen.cli;

/** A failure the CLI itself detects (arguments that parse but do not make sense together). */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    CliException(String message) {
        this(message, ExitCode.USAGE);
    }

    CliException(String message, int status) {
        super(message);
        this.status = status;
    }
}
