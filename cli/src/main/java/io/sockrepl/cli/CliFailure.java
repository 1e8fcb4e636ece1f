package io.sockrepl.cli;

/** Ends a command with a one-line message on stderr and an exit code; never a stack trace. */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }
}
