package io.sockrepl.core;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A listening socket opened the safe way: UNIX sockets get mode 0600 and never replace a live
 * server's socket file; TCP binds to loopback unless the caller explicitly allows otherwise.
 */
public final class BoundSocket implements Closeable {

    private final ServerSocket server;
    private final Address effective;
    private final Object socketFileKey;

    private BoundSocket(ServerSocket server, Address effective, Object socketFileKey) {
        this.server = server;
        this.effective = effective;
        this.socketFileKey = socketFileKey;
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
        try {
            server.bind(AFUNIXSocketAddress.of(path), 50);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            Object key = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            return new BoundSocket(server, address, key);
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /** A socket file nobody listens on is left over from a server that died: it may go. */
    private static void removeStaleSocketFile(Address address) throws IOException {
        Path path = address.path();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
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
        return new BoundSocket(server, address.withPort(server.getLocalPort()), null);
    }

    /** The address clients should use: absolute for UNIX, the real port for TCP port 0. */
    public Address effectiveAddress() {
        return effective;
    }

    /** Waits for the next connection. */
    public Socket accept() throws IOException {
        Socket socket = server.accept();
        if (!effective.isUnix()) {
            socket.setTcpNoDelay(true);
        }
        return socket;
    }

    public boolean isClosed() {
        return server.isClosed();
    }

    /** Stops listening and removes the socket file, unless another server has replaced it. */
    @Override
    public void close() throws IOException {
        server.close();
        if (effective.isUnix()) {
            Path path = effective.path();
            try {
                Object key = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
                if (Objects.equals(key, socketFileKey)) {
                    Files.deleteIfExists(path);
                }
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
