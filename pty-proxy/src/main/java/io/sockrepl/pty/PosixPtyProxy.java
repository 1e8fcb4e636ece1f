package io.sockrepl.pty;

import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The POSIX backend: a pseudo-terminal pair opened in this process by pty4j (no child process), in
 * raw mode. The slave is opened by name for the in-process streams, so whatever runs there (JLine)
 * sees a real tty.
 */
public final class PosixPtyProxy extends PtySocketProxy {

    private static final long UNBLOCK_MILLIS = 2000;

    private final Pty pty;
    private final String name;
    private final List<SlaveFd> slaves = new CopyOnWriteArrayList<>();
    private volatile Thread drainer;

    /** Opens a pseudo-terminal for {@code socket}; see {@link PtySocketProxy#open}. */
    public PosixPtyProxy(Socket socket, Runnable onSocketDisconnect, Runnable onSlaveDisconnect) throws IOException {
        super(socket, onSocketDisconnect, onSlaveDisconnect);
        Pty opened;
        try {
            opened = new Pty();
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new PtyUnavailableException("cannot open a pseudo-terminal: " + e.getMessage(), e);
        }
        if (opened.isClosed() || opened.getMasterFD() < 0) {
            // pty4j reports a failed open (none left, say) this way rather than by throwing
            throw new PtyUnavailableException(
                    "cannot open a pseudo-terminal: the system has none " + "left, or /dev/ptmx cannot be opened",
                    null);
        }
        this.pty = opened;
        this.name = opened.getSlaveName();
        try {
            LibC.makeRaw(opened.getMasterFD());
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SlaveStreams openSlaveStreams(Charset charset) throws IOException {
        requireRunning();
        SlaveFd slave = new SlaveFd(LibC.openTty(name));
        slaves.add(slave);
        if (isStopped()) {
            // stop() ran while the slave was opening and did not see it
            slave.close();
            requireRunning();
        }
        return new SlaveStreams(slave.input(), slave.output(), charset);
    }

    @Override
    public boolean setWindowSize(int columns, int rows) throws IOException {
        pty.setWindowSize(new WinSize(columns, rows), null);
        return true;
    }

    @Override
    int pendingOutput() {
        return pty.isClosed() ? 0 : LibC.available(pty.getMasterFD());
    }

    @Override
    InputStream masterInput() {
        return pty.getInputStream();
    }

    @Override
    OutputStream masterOutput() {
        return pty.getOutputStream();
    }

    /**
     * A write blocked on a full pty never wakes when the master is closed under it, so the slave is
     * drained through a descriptor of our own until the writer is done; closing the master then
     * ends the drain too.
     */
    @Override
    void unblockMasterWriter(Thread writer) {
        SlaveFd drain;
        try {
            drain = new SlaveFd(LibC.openTty(name));
        } catch (IOException e) {
            return;
        }
        slaves.add(drain);
        Thread drainer = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    InputStream in = drain.input();
                    try {
                        while (in.read(buf) >= 0) {
                            // discard: nobody is left to read it
                        }
                    } catch (IOException e) {
                        // the master closed
                    }
                },
                "sockrepl-pty-drain-" + name);
        drainer.setDaemon(true);
        drainer.start();
        this.drainer = drainer;
        try {
            writer.join(UNBLOCK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    void closeBackend() {
        // the master first: its hang-up wakes every thread blocked on the slave
        closeQuietly();
        slaves.forEach(SlaveFd::close);
        slaves.clear();
        Thread d = drainer;
        if (d != null) {
            try {
                d.join(UNBLOCK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeQuietly() {
        try {
            pty.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
