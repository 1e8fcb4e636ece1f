package io.sockrepl.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A UNIX socket bound, as {@link BoundSocket#bind} binds one, for another program to accept on:
 * `serve`'s supervisor hands it to each server JVM it starts ({@link BoundSocket#inherited}). It is
 * junixsocket's, whose descriptor has a number to hand on; this process never accepts on it.
 */
public final class HandedOnSocket implements Closeable {

    private final AFUNIXServerSocket server;
    private final Path path;

    private HandedOnSocket(AFUNIXServerSocket server, Path path) {
        this.server = server;
        this.path = path;
    }

    /** What must be in place before clients can see the socket (a session file naming it). */
    @FunctionalInterface
    public interface BeforeVisible {
        void run() throws IOException;
    }

    /**
     * Binds the address.
     *
     * @param beforeVisible run once the socket is bound, before its file appears at the address
     * @throws BoundSocket.BindRefusedException when another server owns the address, or it is no socket
     */
    public static HandedOnSocket bind(Address address, BeforeVisible beforeVisible) throws IOException {
        Address absolute = address.absolute();
        SocketFiles.removeStale(absolute);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        // the server JVMs remove the file when they stop for good; junixsocket would remove any
        server.setDeleteOnClose(false);
        try {
            SocketFiles.bindPrivately(absolute.path(), at -> {
                server.bind(AFUNIXSocketAddress.of(at), SocketFiles.BACKLOG);
                beforeVisible.run();
            });
            return new HandedOnSocket(server, absolute.path());
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /** The number of its descriptor, for the program this process becomes or starts. */
    public int descriptorNumber() throws IOException {
        return FileDescriptorCast.using(server.getFileDescriptor()).as(Integer.class);
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
