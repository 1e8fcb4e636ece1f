package io.sockrepl.core;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * A listening socket opened the safe way: UNIX sockets get mode 0600 and never replace a live
 * server's socket file; TCP binds to loopback unless the caller explicitly allows otherwise.
 *
 * <p>A UNIX socket is the JDK's own channel, as is every connection accepted on it
 * ({@link ChannelSocket}), and an accept waits until the heap has room for it ({@link HeapRoom}):
 * nothing per connection runs native code that could crash the JVM when the heap is full. The
 * channel is non-blocking, and each thread that waits for a connection does
 * so in a selector of its own, so that several wait at once and the kernel wakes one that already
 * waits: no thread has to hand the next accept to another.
 *
 * <p>A listener can also be {@linkplain #inherited inherited} from the process that bound it and
 * started this one; the socket then stays open when this JVM stops accepting.
 */
public final class BoundSocket implements Closeable {

    /** TCP's listener; null for a UNIX socket. */
    private final ServerSocket server;
    /** A UNIX socket's listener; null for TCP. */
    private final ServerSocketChannel channel;

    private final Address effective;
    private final Object socketFileKey;
    /** Whether another process owns the listening socket and keeps it open after we stop. */
    private final boolean adopted;

    /** Held shared by every accept under way, exclusively by {@link #stopAccepting()}. */
    private final ReadWriteLock accepting = new ReentrantReadWriteLock();
    /** Every selector a thread has waited in for a UNIX connection, and those not in use now. */
    private final Queue<Selector> selectors = new ConcurrentLinkedQueue<>();

    private final Queue<Selector> idleSelectors = new ConcurrentLinkedQueue<>();

    private final HeapRoom heapRoom = new HeapRoom();
    private final BooleanSupplier isStopped = () -> this.stopped;

    private volatile boolean stopped;

    private BoundSocket(
            ServerSocket server, ServerSocketChannel channel, Address effective, Object socketFileKey, boolean adopted)
            throws IOException {
        this.server = server;
        this.channel = channel;
        this.effective = effective;
        this.socketFileKey = socketFileKey;
        this.adopted = adopted;
        if (channel != null) {
            channel.configureBlocking(false);
        }
    }

    /**
     * Binds and listens.
     *
     * @param allowRemote whether a TCP address that is not loopback may be bound
     * @throws BindRefusedException when binding would be unsafe or another server owns the address
     */
    public static BoundSocket bind(Address address, boolean allowRemote) throws IOException {
        return address.isUnix() ? bindUnix(address.absolute()) : bindTcp(address, allowRemote);
    }

    private static BoundSocket bindUnix(Address address) throws IOException {
        Path path = address.path();
        SocketFiles.removeStale(address);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            SocketFiles.bindPrivately(path, at -> channel.bind(UnixDomainSocketAddress.of(at), SocketFiles.BACKLOG));
            return new BoundSocket(null, channel, address, socketFileKey(path), false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Takes over the listening UNIX socket this process was started with as its standard input (as
     * inetd hands a socket to the servers it starts), bound at {@code address} by the process that
     * started this one and kept open there. {@link #stopAccepting()} then leaves it open for the
     * next process that process starts.
     *
     * @throws IOException when standard input is not a UNIX socket bound at {@code address}
     */
    public static BoundSocket inherited(Address address) throws IOException {
        return adopt(System.inheritedChannel(), address);
    }

    /** {@link #inherited} from any channel, which {@link #stopAccepting()} leaves open. */
    static BoundSocket adopt(Channel given, Address address) throws IOException {
        Address absolute = address.absolute();
        if (!(given instanceof ServerSocketChannel listener)) {
            throw new SocketException("not given a listening socket for " + absolute + " but "
                    + (given == null ? "no socket" : given.getClass().getSimpleName()));
        }
        SocketAddress bound = listener.getLocalAddress();
        if (!(bound instanceof UnixDomainSocketAddress unix) || !SocketFiles.boundAt(unix.getPath(), absolute.path())) {
            throw new SocketException("not given a listening socket for " + absolute + " but " + bound);
        }
        return new BoundSocket(null, listener, absolute, socketFileKey(absolute.path()), true);
    }

    private static Object socketFileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /** Refuses a TCP address beyond loopback unless remote access was explicitly allowed. */
    public static void checkReach(Address address, boolean allowRemote) throws IOException {
        if (!allowRemote && !address.isLocal()) {
            throw new BindRefusedException("refusing to listen on " + address
                    + ": it is not a loopback address, and anyone who can reach it could run code "
                    + "in this JVM (use --allow-remote to insist; a token is always required)");
        }
    }

    private static BoundSocket bindTcp(Address address, boolean allowRemote) throws IOException {
        checkReach(address, allowRemote);
        InetSocketAddress where = address.toInetSocketAddress();
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(where, 50);
        } catch (IOException e) {
            server.close();
            throw new BindRefusedException("cannot listen on " + address + ": " + e.getMessage());
        }
        return new BoundSocket(server, null, address.withPort(server.getLocalPort()), null, false);
    }

    /** The address clients should use: absolute for UNIX, the real port for TCP port 0. */
    public Address effectiveAddress() {
        return effective;
    }

    /**
     * What to run when a UNIX connection waits for the heap to have room: let go of memory kept
     * back for this moment. Until there is room, the connection waits in the backlog.
     */
    public void whenHeapFull(Runnable release) {
        heapRoom.whenFull(release);
    }

    /** Waits for the next connection; several threads may wait at once, each gets its own. */
    public Socket accept() throws IOException {
        if (channel != null) {
            return acceptUnix();
        }
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        return socket;
    }

    private Socket acceptUnix() throws IOException {
        Selector selector = null;
        accepting.readLock().lock();
        try {
            while (true) {
                if (stopped || !heapRoom.await(isStopped)) {
                    throw new SocketException("no longer accepting");
                }
                SocketChannel accepted = channel.accept();
                if (accepted != null) {
                    return new ChannelSocket(accepted);
                }
                if (selector == null) {
                    // looks at stopped again first: stopAccepting() may have woken the selectors
                    // before this one was among them
                    selector = idleSelector();
                    continue;
                }
                selector.select();
                selector.selectedKeys().clear();
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            throw new SocketException("no longer accepting");
        } finally {
            if (selector != null) {
                idleSelectors.add(selector);
            }
            accepting.readLock().unlock();
        }
    }

    private Selector idleSelector() throws IOException {
        Selector selector = idleSelectors.poll();
        if (selector == null) {
            selector = Selector.open();
            selectors.add(selector);
            channel.register(selector, SelectionKey.OP_ACCEPT);
        }
        return selector;
    }

    public boolean isClosed() {
        return channel != null ? stopped : server.isClosed();
    }

    /**
     * Whether clients still find this socket at its address: false once its file was removed (as a
     * server that stops for good does) or replaced. TCP sockets have no file and are always found.
     */
    public boolean isReachable() {
        if (!effective.isUnix()) {
            return true;
        }
        try {
            return Objects.equals(socketFileKey(effective.path()), socketFileKey);
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Accepts no more connections; when this returns, no accept is under way. A socket adopted
     * from another process stays open there, so connections that arrive from now on wait in its
     * backlog for the next process to adopt it. Any other socket is closed.
     */
    public void stopAccepting() throws IOException {
        if (channel == null) {
            server.close();
            return;
        }
        stopped = true;
        selectors.forEach(Selector::wakeup);
        accepting.writeLock().lock();
        accepting.writeLock().unlock();
        for (Selector selector : selectors) {
            selector.close();
        }
        if (!adopted) {
            channel.close();
        }
    }

    /** Stops listening and removes the socket file, unless another server has replaced it. */
    @Override
    public void close() throws IOException {
        stopAccepting();
        if (effective.isUnix() && isReachable()) {
            try {
                Files.deleteIfExists(effective.path());
            } catch (IOException alreadyGone) {
                // nothing to remove
            }
        }
    }

    /** Binding was refused for a reason the user can act on; the message says which. */
    public static final class BindRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        public BindRefusedException(String message) {
            super(message);
        }
    }
}
