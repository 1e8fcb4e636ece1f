package io.sockrepl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --audit-log}, for the commands that start a server: {@code serve} and {@code inject}. */
final class AuditLogOption {

    @Option(
            names = "--audit-log",
            paramLabel = "FILE",
            description = {
                "Record every request and console line that runs code here (mode 0600, rotated); - for nowhere.",
                "Default: next to the socket, ADDRESS.audit.log."
            })
    String file;

    /**
     * The choice as another process reads it, whatever its working directory: null for the
     * default, {@code -} for none, else an absolute path.
     */
    String absolute() {
        return absolute(file);
    }

    /** A file option's value as another process reads it: null and {@code -} as they are, a path made absolute. */
    static String absolute(String file) {
        return file == null || "-".equals(file)
                ? file
                : Path.of(file).toAbsolutePath().toString();
    }
}
