package io.sockrepl.core.log;

import io.sockrepl.core.Address;
import io.sockrepl.core.PrivateFiles;
import io.sockrepl.core.RuntimeDir;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where sockrepl's log lines go: this JVM's stderr, tersely, for the command line and
 * {@code serve}; or a file of the server's own, with thread and source, for a server that lives in
 * someone else's JVM. A file is opened as {@link PrivateFiles} opens files (never through a link,
 * this user's, 0600) and appended to, so that a later server in the same place loses nothing of
 * an earlier one's log. The level is the system property {@value #LEVEL_PROPERTY}
 * ({@code debug}, {@code info}, {@code warn}, {@code error}; default {@code info}).
 */
public final class LogLines {

    public static final String LEVEL_PROPERTY = "sockrepl.log";

    private static final DateTimeFormatter TERSE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter FULL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    /** Null: stderr, as it is at the time of each line. */
    private static volatile PrintStream file;
    /** Whether warnings and errors that go to the file go to stderr too. */
    private static volatile boolean echoWarnings;

    private LogLines() {}

    /**
     * Sends the log of this class loader's sockrepl to {@code logFile} until the returned handle
     * is closed; then to stderr again.
     *
     * @throws IOException saying why, when the file cannot be sockrepl's own
     */
    public static Closeable toFile(Path logFile) throws IOException {
        return toFile(logFile, false);
    }

    /**
     * The same, with warnings and errors also on stderr when {@code warningsAlsoToStderr}: for a
     * server of the user's own ({@code serve}, {@code demo}) whose terminal the user attaches from,
     * which gets what needs attention and not every INFO line.
     */
    public static Closeable toFile(Path logFile, boolean warningsAlsoToStderr) throws IOException {
        FileChannel channel = PrivateFiles.append(logFile);
        PrintStream stream = new PrintStream(Channels.newOutputStream(channel), true, StandardCharsets.UTF_8);
        file = stream;
        echoWarnings = warningsAlsoToStderr;
        return () -> {
            synchronized (LogLines.class) {
                if (file == stream) {
                    file = null;
                }
                stream.close();
            }
        };
    }

    /**
     * Where a server at {@code where} logs by default: next to its UNIX socket ({@code PATH.log}),
     * else {@code tcp-PID.log} in this user's {@link RuntimeDir}.
     */
    public static Path defaultFile(Address where) throws IOException {
        if (where.isUnix()) {
            return Path.of(where.absolute().path() + ".log");
        }
        return RuntimeDir.create().resolve("tcp-" + ProcessHandle.current().pid() + ".log");
    }

    /** The threshold: lines below it are not written. */
    static int threshold() {
        String level = System.getProperty(LEVEL_PROPERTY, "info").trim().toLowerCase(Locale.ROOT);
        return switch (level) {
            case "trace" -> 0;
            case "debug" -> 10;
            case "warn" -> 30;
            case "error" -> 40;
            default -> 20;
        };
    }

    static void write(String level, String logger, String message, Throwable thrown) {
        StringBuilder line = new StringBuilder(128);
        ZonedDateTime now = ZonedDateTime.now();
        PrintStream to = file;
        if (to != null) {
            FULL.formatTo(now, line);
            line.append(" [").append(Thread.currentThread().getName()).append("] ");
            line.append(level).append(' ').append(logger).append(" - ");
        } else {
            TERSE.formatTo(now, line);
            line.append(' ').append(level).append(' ');
        }
        line.append(message).append(System.lineSeparator());
        // a file's channel closes for good when written by an interrupted thread, and a stop
        // interrupts the very threads that log it: the flag is put back after the line
        boolean interrupted = to != null && Thread.interrupted();
        try {
            writeLine(to, level, message, thrown, now, line);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the line (and the stack trace) with one {@code print}, which a stream keeps whole.
     * stderr is written without this class's lock: it may be a stream of sockrepl's output router,
     * whose lock a snippet's thread holds when its late output is logged, and that order the other
     * way round was a deadlock. The file is written under the lock that closes it.
     */
    private static void writeLine(
            PrintStream to, String level, String message, Throwable thrown, ZonedDateTime now, StringBuilder line) {
        if (thrown != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            thrown.printStackTrace(new java.io.PrintWriter(trace));
            line.append(trace);
        }
        String text = line.toString();
        if (to == null) {
            System.err.print(text);
            System.err.flush();
            return;
        }
        synchronized (LogLines.class) {
            // the stream the line was formatted for; a closed file's stream drops it
            to.print(text);
            to.flush();
        }
        if (echoWarnings && (level.equals("WARN") || level.equals("ERROR"))) {
            StringBuilder terse = new StringBuilder(64);
            TERSE.formatTo(now, terse);
            System.err.print(
                    terse.append(' ').append(level).append(' ').append(message).append(System.lineSeparator()));
            System.err.flush();
        }
    }
}
