package io.sockrepl.cli;

import picocli.CommandLine.Option;

/**
 * {@code --log}, for the servers a user starts in a terminal of their own: {@code serve} and
 * {@code demo}. Their INFO lines go to the file only, so that they do not garble a console attached
 * from the same terminal.
 */
final class LogOption {

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description = {
                "The server's log (appended, mode 0600); - for stderr. Warnings and errors also go to stderr.",
                "Default: next to the socket, ADDRESS.log (for TCP: tcp-PID.log in ~/.sockrepl)."
            })
    String file;

    /** The choice as another process reads it (see {@link AuditLogOption#absolute(String)}). */
    String absolute() {
        return AuditLogOption.absolute(file);
    }
}
