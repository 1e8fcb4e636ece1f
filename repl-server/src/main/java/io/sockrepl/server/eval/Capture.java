package io.sockrepl.server.eval;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * What one request (or one console command) collects while its snippet runs: the values passed to
 * {@code get(...)} and what the snippet, and any thread it starts, writes to System.out and
 * System.err. Threads find the capture they belong to through an inheritable thread-local, so a
 * thread started by a snippet keeps writing to the request that started it.
 */
public final class Capture {

    private static final InheritableThreadLocal<Capture> CURRENT = new InheritableThreadLocal<>();

    private final StringBuilder captured = new StringBuilder();
    private final OutputStream out;
    private final OutputStream err;
    private final long limit;
    private long used;
    private boolean truncated;
    private volatile boolean open = true;

    /**
     * A capture that buffers output, for batch requests.
     *
     * @param limit how many characters of {@code get(...)} values and bytes of output it keeps in
     *              all; the rest is dropped and {@link #truncated()} says so
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

    /** Whether values or output were dropped because they came to more than the limit. */
    public synchronized boolean truncated() {
        return truncated;
    }

    /** How much of {@code wanted} still fits. */
    private synchronized int room(int wanted) {
        int granted = (int) Math.min(wanted, limit - used);
        used += granted;
        if (granted < wanted) {
            truncated = true;
        }
        return granted;
    }

    /** The capture of the calling thread, or {@code null} for the host's own threads. */
    static Capture current() {
        Capture c = CURRENT.get();
        return c != null && c.open ? c : null;
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

    synchronized void append(Object value) {
        String s = String.valueOf(value);
        captured.append(s, 0, room(s.length()));
    }

    OutputStream out() {
        return out;
    }

    OutputStream err() {
        return err;
    }

    /**
     * Ends the capture: later writes by threads the snippet left running go to the host's own
     * streams instead of a reply that was already sent.
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
            if (room(1) == 1) {
                super.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, room(len));
        }
    }
}
