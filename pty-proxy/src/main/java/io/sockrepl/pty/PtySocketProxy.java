package io.sockrepl.pty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A socket on one side, a terminal for in-process code on the other: bytes from the socket arrive
 * as if typed at the terminal, and what the in-process side writes to the terminal goes back out
 * the socket. The in-process side gets its streams from {@link #openSlaveStreams(Charset)}.
 *
 * <p>Two backends, chosen by {@link #open}: {@link PosixPtyProxy} (a real pseudo-terminal in raw
 * mode, so line discipline belongs to the code on the slave side) on Linux, macOS and the BSDs, and
 * {@link PipePairProxy} (a pipe pair, not a tty) elsewhere. The system property
 * {@value #BACKEND_PROPERTY} ({@code posix} or {@code socketpair}) forces one.
 *
 * <p>Callbacks: {@code onSocketDisconnect} runs once when the socket reaches end of stream or
 * resets; {@code onSlaveDisconnect} once when the in-process side closes its streams. Each runs on a
 * forwarding thread, at most once, never after {@link #stop()} has returned, and the proxy stops
 * itself after either. {@link #stop()} is idempotent and safe from any thread, callbacks included.
 */
public abstract class PtySocketProxy implements AutoCloseable {

    /** Forces a backend: {@code posix} or {@code socketpair}. */
    public static final String BACKEND_PROPERTY = "sockrepl.pty";

    private static final int BUFFER = 16 * 1024;
    private static final long JOIN_MILLIS = 5000;
    private static final long QUIET_MILLIS = 20;

    private final Socket socket;
    private final Runnable onSocketDisconnect;
    private final Runnable onSlaveDisconnect;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread inbound;
    private volatile Thread outbound;
    /** Bytes taken from the master, and of those, bytes written to the socket. */
    private final java.util.concurrent.atomic.AtomicLong takenFromMaster = new java.util.concurrent.atomic.AtomicLong();

    private final java.util.concurrent.atomic.AtomicLong sentToSocket = new java.util.concurrent.atomic.AtomicLong();

    /** Whether a proxy was ever made in this class loader: only then has JNA anything to release. */
    static volatile boolean everOpened;

    PtySocketProxy(Socket socket, Runnable onSocketDisconnect, Runnable onSlaveDisconnect) {
        everOpened = true;
        this.socket = socket;
        this.onSocketDisconnect = onSocketDisconnect == null ? () -> {} : onSocketDisconnect;
        this.onSlaveDisconnect = onSlaveDisconnect == null ? () -> {} : onSlaveDisconnect;
    }

    /**
     * Opens a proxy for {@code socket} with the backend for this platform (or the one the system
     * property {@value #BACKEND_PROPERTY} names). Nothing is forwarded until {@link #start()}.
     *
     * @throws PtyUnavailableException if no pseudo-terminal can be opened
     */
    public static PtySocketProxy open(Socket socket, Runnable onSocketDisconnect, Runnable onSlaveDisconnect)
            throws IOException {
        return switch (backend()) {
            case "posix" -> new PosixPtyProxy(socket, onSocketDisconnect, onSlaveDisconnect);
            case "socketpair" -> new PipePairProxy(socket, onSocketDisconnect, onSlaveDisconnect);
            default ->
                throw new IllegalArgumentException("unknown " + BACKEND_PROPERTY + " backend '"
                        + System.getProperty(BACKEND_PROPERTY) + "' (posix or socketpair)");
        };
    }

    /** The backend {@link #open} picks here: the property's, else by operating system. */
    public static String backend() {
        String forced = System.getProperty(BACKEND_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return forced.trim().toLowerCase(Locale.ROOT);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("windows") ? "socketpair" : "posix";
    }

    /** The slave's tty name ({@code /dev/pts/N}), or a synthetic name; readable after stop. */
    public abstract String name();

    /**
     * Streams for the in-process side. On the POSIX backend each call opens the slave afresh; the
     * socketpair backend has one slave end, so it returns streams over that end every time. After
     * {@link #stop()}, reads from them see end of stream.
     */
    public abstract SlaveStreams openSlaveStreams(Charset charset) throws IOException;

    /**
     * Sets the terminal's size, where the backend has one.
     *
     * @return whether the size was applied (false on the socketpair backend, which is not a tty)
     */
    public abstract boolean setWindowSize(int columns, int rows) throws IOException;

    /** Injects bytes as if the client had typed them. */
    public void writeToMaster(byte[] bytes) throws IOException {
        OutputStream out = masterOutput();
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Bytes the in-process side has written that the proxy has not yet read. */
    abstract int pendingOutput();

    abstract InputStream masterInput();

    abstract OutputStream masterOutput();

    /** Releases the backend: the master, the slave end, any slave streams still open. */
    abstract void closeBackend();

    /**
     * Lets the socket-to-master thread finish a write that waits for room; the socket is closed
     * already, so that write is its last. Returns once the thread has ended or given up.
     */
    abstract void unblockMasterWriter(Thread writer);

    /** Starts forwarding in both directions, on daemon threads. Does nothing if already started or stopped. */
    public void start() {
        if (stopping.get() || !started.compareAndSet(false, true)) {
            return;
        }
        inbound = daemon(this::socketToMaster, "in");
        outbound = daemon(this::masterToSocket, "out");
        inbound.start();
        outbound.start();
    }

    private Thread daemon(Runnable body, String direction) {
        Thread t = new Thread(body, "sockrepl-pty-" + direction + "-" + name());
        t.setDaemon(true);
        return t;
    }

    private void socketToMaster() {
        byte[] buf = new byte[BUFFER];
        OutputStream master = masterOutput();
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (master) {
                    master.write(buf, 0, n);
                    master.flush();
                }
            }
        } catch (IOException e) {
            // a reset, or the socket closed by stop(): end() tells them apart
        }
        end(onSocketDisconnect);
    }

    private void masterToSocket() {
        byte[] buf = new byte[BUFFER];
        InputStream master = masterInput();
        OutputStream out;
        try {
            out = socket.getOutputStream();
        } catch (IOException e) {
            end(onSocketDisconnect);
            return;
        }
        while (true) {
            int n;
            try {
                n = master.read(buf);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                end(onSlaveDisconnect);
                return;
            }
            takenFromMaster.addAndGet(n);
            try {
                out.write(buf, 0, n);
                out.flush();
            } catch (IOException e) {
                end(onSocketDisconnect);
                return;
            }
            sentToSocket.addAndGet(n);
        }
    }

    /** Runs the first callback of the session's end (unless stop came first), then stops. */
    private void end(Runnable callback) {
        if (stopping.get() || !ended.compareAndSet(false, true)) {
            return;
        }
        try {
            callback.run();
        } finally {
            stop();
        }
    }

    /**
     * Stops forwarding and releases everything: the socket, the pseudo-terminal, the threads.
     * Idempotent; safe before {@link #start()}, from a callback, and from several threads at once.
     */
    public void stop() {
        boolean forwardingThread = Thread.currentThread() == inbound || Thread.currentThread() == outbound;
        if (!stopping.compareAndSet(false, true)) {
            if (!forwardingThread) {
                awaitStopped();
            }
            return;
        }
        try {
            closeSocket();
            Thread writer = inbound;
            if (writer != null && writer != Thread.currentThread() && writer.isAlive()) {
                unblockMasterWriter(writer);
            }
            closeBackend();
            join(inbound);
            join(outbound);
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Waits for a stop begun elsewhere, and for the forwarding threads to end: the one that began
     * it (the client hung up, say) is still on its way out when the latch opens.
     */
    private void awaitStopped() {
        try {
            stopped.await(JOIN_MILLIS * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        join(inbound);
        join(outbound);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void join(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops once everything the in-process side has written so far has reached the socket (or
     * after {@code timeoutMillis}), so that last words such as a goodbye are not cut off.
     */
    public void drainAndStop(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long confirmedAt = -1;
        while (started.get() && !stopping.get() && System.nanoTime() < deadline) {
            long taken = takenFromMaster.get();
            boolean idle = pendingOutput() == 0 && sentToSocket.get() == taken;
            if (idle && confirmedAt == taken) {
                break;
            }
            // idle twice in a row, a quiet moment apart: bytes just read but not yet counted
            // would show up as a change in between
            confirmedAt = idle ? taken : -1;
            try {
                Thread.sleep(idle ? QUIET_MILLIS : 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Refuses to hand out slave streams once the proxy is stopping. */
    void requireRunning() throws IOException {
        if (isStopped()) {
            throw new IOException("the proxy for " + name() + " is stopped");
        }
    }

    /** Reads one byte through a stream's array read, so that both share one implementation. */
    static int readOneByte(InputStream in) throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = in.read(one, 0, 1)) == 0) {
            // nothing yet: read again
        }
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /** Whether {@link #stop()} has begun (by a call, or after a disconnect). */
    public boolean isStopped() {
        return stopping.get();
    }
}
