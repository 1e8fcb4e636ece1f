package io.sockrepl.server.eval;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a thread a snippet started writes once the snippet's request has ended: line by line to
 * whoever started it (a console session shows it above its prompt), or to the server's log. Never
 * to the host's own streams, which are the application's. A thread that goes on printing for ever
 * is cut off after {@value #MOST_LINES} lines, so that it cannot fill the disk the log is on.
 */
public final class LateOutput extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(LateOutput.class);
    /** A line longer than this goes out in pieces. */
    private static final int LONGEST_LINE = 8192;

    static final int MOST_LINES = 10_000;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int emitted;

    /** Each line (without its line break) to {@code lines}, a partial one when flushed. */
    public LateOutput(Consumer<String> lines) {
        this.lines = lines;
    }

    /** To the server's log, as what a thread of {@code whose} wrote. */
    public static LateOutput toLog(String whose) {
        return new LateOutput(line -> log(whose, line));
    }

    /**
     * Logs a line a thread of {@code whose} wrote after its request had ended. The thread logs as
     * the host's for that moment: a log without a file writes to System.err, which would route the
     * line back here.
     */
    public static void log(String whose, String line) {
        Capture bound = Capture.bound();
        Capture.unbind();
        try {
            LOG.info(
                    "{} (thread {}, after its request ended): {}",
                    whose,
                    Thread.currentThread().getName(),
                    line);
        } finally {
            if (bound != null) {
                bound.bind();
            }
        }
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
            return;
        }
        pending.write(b);
        if (pending.size() >= LONGEST_LINE) {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(OutputRouter.charset());
        pending.reset();
        emitted++;
        if (emitted <= MOST_LINES) {
            lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        } else if (emitted == MOST_LINES + 1) {
            lines.accept("(" + MOST_LINES + " lines written after the request ended; the rest is dropped)");
        }
    }
}
