package io.sockrepl.core;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A listening socket opened the safe way: UNIX sockets get mode 0600 and never replace a live
 * server's socket file; TCP binds to loopback unless the caller explicitly allows otherwise.
 *
 * <p>A listener can also be {@linkplain #inherited inherited} from the process that bound it and
 * started this one; the socket then stays open when this JVM stops accepting.
 */
public final class BoundSocket implements Closeable {

    /** How long an adopted listener's accept waits before it looks whether to stop. */
    private static final int ADOPTED_ACCEPT_POLL_MILLIS = 100;

    private final ServerSocket server;
    private final Address effective;
    private final Object socketFileKey;
    /** Whether another process owns the listening socket and keeps it open after we stop. */
    private final boolean adopted;

    /** Held shared by every accept under way, exclusively by {@link #stopAccepting()}. */
    private final ReadWriteLock accepting = new ReentrantReadWriteLock();

    private volatile boolean stopped;

    private BoundSocket(ServerSocket server, Address effective, Object socketFileKey, boolean adopted) {
        this.server = server;
        this.effective = effective;
        this.socketFileKey = socketFileKey;
        this.adopted = adopted;
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
        removeStaleSocketFile(address);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        // close() removes the file only while it is still ours; junixsocket would remove any
        server.setDeleteOnClose(false);
        try {
            server.bind(AFUNIXSocketAddress.of(path), 50);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return new BoundSocket(server, address, socketFileKey(path), false);
        } catch (IOException e) {
            server.close();
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
        return adopt(FileDescriptor.in, address);
    }

    /** {@link #inherited} from any descriptor, which stays open apart from the one adopted. */
    static BoundSocket adopt(FileDescriptor descriptor, Address address) throws IOException {
        Address absolute = address.absolute();
        AFUNIXServerSocket server;
        try {
            server = FileDescriptorCast.duplicating(descriptor).as(AFUNIXServerSocket.class);
        } catch (IOException | ClassCastException e) {
            throw new SocketException("not given a listening socket for " + absolute + ": " + e.getMessage());
        }
        SocketAddress bound = server.getLocalSocketAddress();
        if (!(bound instanceof AFUNIXSocketAddress)
                || !absolute.path()
                        .equals(((AFUNIXSocketAddress) bound).getFile().toPath())) {
            server.close();
            throw new SocketException("not given a listening socket for " + absolute + " but " + bound);
        }
        server.setDeleteOnClose(false);
        server.setSoTimeout(ADOPTED_ACCEPT_POLL_MILLIS);
        return new BoundSocket(server, absolute, socketFileKey(absolute.path()), true);
    }

    private static Object socketFileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /** A socket file nobody listens on is left over from a server that died: it may go. */
    private static void removeStaleSocketFile(Address address) throws IOException {
        Path path = address.path();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isOther()) {
            throw new BindRefusedException(path + " exists and is not a socket; not replacing it");
        }
        try (Socket probe = SocketConnector.connect(address, 1000)) {
            throw new BindRefusedException("another server is already listening on " + address);
        } catch (BindRefusedException e) {
            throw e;
        } catch (IOException nobodyListens) {
            Files.deleteIfExists(path);
        }
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
        return new BoundSocket(server, address.withPort(server.getLocalPort()), null, false);
    }

    /** The address clients should use: absolute for UNIX, the real port for TCP port 0. */
    public Address effectiveAddress() {
        return effective;
    }

    /** Waits for the next connection; several threads may wait at once, each gets its own. */
    public Socket accept() throws IOException {
        Socket socket = adopted ? acceptAdopted() : server.accept();
        if (!effective.isUnix()) {
            socket.setTcpNoDelay(true);
        }
        return socket;
    }

    /**
     * Accepts in short waits, so that {@link #stopAccepting()} can end the wait without closing
     * the socket: closing it would shut it down for the process that lent it too.
     */
    private Socket acceptAdopted() throws IOException {
        while (true) {
            accepting.readLock().lock();
            try {
                if (stopped) {
                    throw new SocketException("no longer accepting");
                }
                return server.accept();
            } catch (SocketTimeoutException e) {
                // look again whether to stop
            } finally {
                accepting.readLock().unlock();
            }
        }
    }

    public boolean isClosed() {
        return adopted ? stopped : server.isClosed();
    }

    /** The number of the listening UNIX socket's descriptor, for a process this one becomes or starts. */
    public int descriptorNumber() throws IOException {
        if (!effective.isUnix()) {
            throw new IllegalStateException("only a UNIX socket is handed on: " + effective);
        }
        return FileDescriptorCast.using(((AFUNIXServerSocket) server).getFileDescriptor())
                .as(Integer.class);
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
     * backlog for the next process to adopt it. Any other socket is {@linkplain #close closed}.
     */
    public void stopAccepting() throws IOException {
        if (!adopted) {
            close();
            return;
        }
        stopped = true;
        accepting.writeLock().lock();
        accepting.writeLock().unlock();
    }

    /** Stops listening and removes the socket file, unless another server has replaced it. */
    @Override
    public void close() throws IOException {
        if (adopted) {
            stopAccepting();
        } else {
            server.close();
        }
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
