package io.sockrepl.server.eval;

import io.sockrepl.core.FrameCodec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * What one request (or one console command) collects while its snippet runs: the values passed to
 * {@code get(...)} and what the snippet, and any thread it starts, writes to System.out and
 * System.err. Threads find the capture they belong to through an inheritable thread-local, so a
 * thread started by a snippet keeps writing to the request that started it, and once the request
 * has ended, to its {@linkplain #afterwards late output}.
 */
public final class Capture {

    private static final InheritableThreadLocal<Capture> CURRENT = new InheritableThreadLocal<>();

    private final StringBuilder captured = new StringBuilder();
    private final OutputStream out;
    private final OutputStream err;
    /** The most a byte of output takes in a frame: {@code \\u0000}. */
    private static final int JSON_ESCAPED = 6;

    private final long limit;
    private long used;
    private boolean truncated;
    private volatile boolean open = true;
    /** Where System.out and System.err go once closed; the server's log, made when first needed, if unset. */
    private volatile OutputStream late;

    /**
     * A capture that buffers output, for batch requests.
     *
     * @param limit how many bytes of the reply's frame {@code get(...)} values and output may
     *              take in all, as escaped there; the rest is dropped and {@link #truncated()}
     *              says so
     */
    public Capture(long limit) {
        this.limit = limit;
        this.out = new Bounded();
        this.err = new Bounded();
    }

    /** A capture that streams output to the given sinks, for console sessions. */
    public Capture(OutputStream out, OutputStream err) {
        this.out = out;
        this.err = err;
        this.limit = Long.MAX_VALUE;
    }

    /** Where the threads the snippet started write once the capture is closed (else the server's log). */
    public void afterwards(OutputStream late) {
        this.late = late;
    }

    /** Whether values or output were dropped because they came to more than the limit. */
    public synchronized boolean truncated() {
        return truncated;
    }

    /**
     * How many of {@code len} output bytes from {@code off} still fit, counted as they will take
     * the reply's frame once escaped there (a control byte takes six).
     */
    private synchronized int room(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
            int c = b[off + n];
            int cost = c >= 0 && c < 0x20 ? JSON_ESCAPED : c == '"' || c == '\\' ? 2 : 1;
            if (used + cost > limit) {
                truncated = true;
                break;
            }
            used += cost;
            n++;
        }
        return n;
    }

    /** The capture of the calling thread while its request runs, or {@code null}. */
    static Capture current() {
        Capture c = CURRENT.get();
        return c != null && c.open ? c : null;
    }

    /** The capture the calling thread works for, open or closed, or {@code null} for the host's own threads. */
    static Capture bound() {
        return CURRENT.get();
    }

    /** Makes this the calling thread's capture (and that of threads it starts from now on). */
    void bind() {
        CURRENT.set(this);
    }

    /** Detaches the calling thread from any capture. */
    static void unbind() {
        CURRENT.remove();
    }

    /**
     * Whether the calling thread is a snippet's work, or was started by one (or by such a thread,
     * a {@code Timer}, a pool worker it made), for as long as it runs: even after its request ended.
     */
    static boolean currentIsSnippetWork() {
        return CURRENT.get() != null;
    }

    /** Keeps as much of the value as its encoding in the reply's frame leaves room for. */
    synchronized void append(Object value) {
        String s = String.valueOf(value);
        if (limit == Long.MAX_VALUE) {
            captured.append(s);
            return;
        }
        long[] bytes = new long[1];
        int chars = FrameCodec.fitting(s, 0, limit - used, bytes);
        used += bytes[0];
        if (chars < s.length()) {
            truncated = true;
        }
        captured.append(s, 0, chars);
    }

    /** Where System.out goes for a thread of this capture now: the request's, or once it ended, the late output. */
    OutputStream out() {
        return open ? out : late();
    }

    OutputStream err() {
        return open ? err : late();
    }

    private OutputStream late() {
        OutputStream l = late;
        if (l != null) {
            return l;
        }
        synchronized (this) {
            if (late == null) {
                late = LateOutput.toLog("a thread a snippet started");
            }
            return late;
        }
    }

    /**
     * Ends the capture: later writes by threads the snippet left running go to its late output
     * instead of a reply that was already sent.
     */
    public void close() {
        open = false;
    }

    public synchronized String captured() {
        return captured.toString();
    }

    /** What was written to System.out, when buffered. */
    public String stdout(Charset charset) {
        return out instanceof Bounded b ? b.toString(charset) : "";
    }

    /** What was written to System.err, when buffered. */
    public String stderr(Charset charset) {
        return err instanceof Bounded b ? b.toString(charset) : "";
    }

    /** A buffer that keeps what fits in its capture's limit. */
    private final class Bounded extends ByteArrayOutputStream {
        @Override
        public synchronized void write(int b) {
            if (room(new byte[] {(byte) b}, 0, 1) == 1) {
                super.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, room(b, off, len));
        }
    }
}
