package io.sockrepl.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A connection accepted on a UNIX socket through the JDK's own channel, seen as a {@link Socket}.
 * The server needs no native library per connection this way: junixsocket's native code uses
 * objects it allocates without checking them, and crashed the JVM when a snippet had filled the
 * heap, where the JDK's code throws an {@link OutOfMemoryError} instead.
 *
 * <p>The JDK's UNIX channels have no socket adaptor and no read timeout, so the channel is kept
 * non-blocking and a read or write that has to wait does so in a selector of its own, opened the
 * first time it is needed: a request that has arrived by the time it is read opens none.
 * Closing a stream leaves the socket open, as junixsocket's do: readers such as
 * {@link java.io.SequenceInputStream} close a stream once they have read it to its end.
 */
final class ChannelSocket extends Socket {

    private final SocketChannel channel;
    private final Waiter readable = new Waiter(SelectionKey.OP_READ);
    private final Waiter writable = new Waiter(SelectionKey.OP_WRITE);
    private final InputStream in = new Input();
    private final OutputStream out = new Output();
    /** Bytes {@link Input#available()} took from the channel and a read has not yet had. */
    private final ByteBuffer pending = ByteBuffer.allocate(256).flip();

    private volatile UnixDomainPrincipal peer;
    private volatile int timeoutMillis;
    private volatile boolean closed;
    private volatile boolean inputShut;
    private volatile boolean outputShut;

    ChannelSocket(SocketChannel channel) throws IOException {
        super((SocketImpl) null);
        this.channel = channel;
        channel.configureBlocking(false);
    }

    /**
     * Who is at the other end, as the kernel says. Read once: the JDK looks the user and group up
     * by name each time (22 µs here, a quarter of a request's round trip).
     */
    UnixDomainPrincipal peer() throws IOException {
        UnixDomainPrincipal known = peer;
        if (known == null) {
            known = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            peer = known;
        }
        return known;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireOpen();
        return out;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }

    @Override
    public void shutdownInput() throws IOException {
        requireOpen();
        channel.shutdownInput();
        inputShut = true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        requireOpen();
        channel.shutdownOutput();
        outputShut = true;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Closes the channel and wakes any read or write waiting on it, which then fails. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.close();
        } finally {
            readable.close();
            writable.close();
        }
    }

    @Override
    public String toString() {
        return "ChannelSocket[" + getLocalSocketAddress() + "]";
    }

    private void requireOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    private int read(ByteBuffer dst) throws IOException {
        synchronized (pending) {
            if (pending.hasRemaining()) {
                int n = Math.min(pending.remaining(), dst.remaining());
                dst.put(dst.position(), pending, pending.position(), n);
                dst.position(dst.position() + n);
                pending.position(pending.position() + n);
                return n;
            }
        }
        int timeout = timeoutMillis;
        long deadline = System.nanoTime() + timeout * 1_000_000L;
        while (true) {
            int n = io(() -> channel.read(dst));
            if (n != 0) {
                return n;
            }
            long left = timeout == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
            if (timeout > 0 && left <= 0) {
                throw new SocketTimeoutException("Read timed out");
            }
            readable.await(left);
        }
    }

    private void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (io(() -> channel.write(src)) == 0) {
                writable.await(0);
            }
        }
    }

    private int available() throws IOException {
        synchronized (pending) {
            if (!pending.hasRemaining() && !closed && !inputShut) {
                pending.clear();
                try {
                    io(() -> channel.read(pending));
                } finally {
                    pending.flip();
                }
            }
            return pending.remaining();
        }
    }

    /** A channel operation, failing as a closed {@link Socket} does once the socket is closed. */
    private int io(ChannelOperation operation) throws IOException {
        try {
            return operation.run();
        } catch (ClosedChannelException e) {
            throw new SocketException("Socket is closed");
        }
    }

    private interface ChannelOperation {
        int run() throws IOException;
    }

    /** Where one direction of the channel waits until it can go on. One thread waits at a time. */
    private final class Waiter {
        private final int operation;
        private volatile Selector selector;

        Waiter(int operation) {
            this.operation = operation;
        }

        /** Returns when the channel may be ready, after at most {@code millis} (0: no limit). */
        synchronized void await(long millis) throws IOException {
            try {
                Selector s = selector();
                s.select(millis);
                s.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                throw new SocketException("Socket is closed");
            }
            requireOpen();
        }

        private Selector selector() throws IOException {
            if (selector == null) {
                Selector opened = Selector.open();
                try {
                    channel.register(opened, operation);
                } catch (ClosedChannelException e) {
                    opened.close();
                    throw new SocketException("Socket is closed");
                }
                selector = opened;
                if (closed) {
                    // close() ran before this selector was there to close
                    opened.close();
                    throw new SocketException("Socket is closed");
                }
            }
            return selector;
        }

        /**
         * Not synchronized: a thread waiting in {@link #await} holds the lock, and this wakes it.
         * Quiet, so that the other direction's waiter is closed too.
         */
        void close() {
            Selector s = selector;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing more to release
                }
            }
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            return ChannelSocket.this.read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public int available() throws IOException {
            return ChannelSocket.this.available();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            ChannelSocket.this.write(ByteBuffer.wrap(b, off, len));
        }
    }
}
