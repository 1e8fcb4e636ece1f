package io.sockrepl.pty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backend for platforms without pseudo-terminals (Windows), selected as {@code socketpair}: two
 * JDK pipes, one each way, stand in for master and slave. It is not a tty: there is no window size,
 * and the code on the slave side does its own line discipline, as it does over a raw pty. Its
 * {@link #name()} is synthetic ({@code pipes:N}).
 *
 * <p>Pipes rather than junixsocket's socket pair, which the design first named: in junixsocket
 * 2.11.1 closing a socket pair leaves both descriptors open (600 after 300 pairs, measured here).
 */
public final class PipePairProxy extends PtySocketProxy {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Pipe toSlave;
    private final Pipe toMaster;
    private final InputStream masterIn;
    private final OutputStream masterOut;
    private final String name = "pipes:" + COUNTER.incrementAndGet();

    /** Opens a pipe pair for {@code socket}; see {@link PtySocketProxy#open}. */
    public PipePairProxy(Socket socket, Runnable onSocketDisconnect, Runnable onSlaveDisconnect) throws IOException {
        super(socket, onSocketDisconnect, onSlaveDisconnect);
        this.toSlave = Pipe.open();
        this.toMaster = Pipe.open();
        this.masterIn = Channels.newInputStream(toMaster.source());
        this.masterOut = Channels.newOutputStream(toSlave.sink());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SlaveStreams openSlaveStreams(Charset charset) throws IOException {
        requireRunning();
        return new SlaveStreams(
                new SlaveInput(Channels.newInputStream(toSlave.source())),
                Channels.newOutputStream(toMaster.sink()),
                charset);
    }

    @Override
    public boolean setWindowSize(int columns, int rows) {
        return false;
    }

    @Override
    int pendingOutput() {
        try {
            return masterIn.available();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    InputStream masterInput() {
        return masterIn;
    }

    @Override
    OutputStream masterOutput() {
        return masterOut;
    }

    /** Nothing to do: closing a pipe channel wakes a write blocked on it. */
    @Override
    void unblockMasterWriter(Thread writer) {}

    @Override
    void closeBackend() {
        for (java.io.Closeable c :
                new java.io.Closeable[] {toSlave.sink(), toSlave.source(), toMaster.sink(), toMaster.source()}) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** After stop, the in-process side reads end of stream, as it would from a hung-up tty. */
    private final class SlaveInput extends java.io.FilterInputStream {
        SlaveInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            return readOneByte(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                if (isStopped()) {
                    return -1;
                }
                throw e;
            }
        }
    }
}
