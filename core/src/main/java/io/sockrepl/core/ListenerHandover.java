package io.sockrepl.core;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.LongPredicate;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Lends a listening UNIX socket to the server JVMs a supervisor starts one after another, so that
 * the socket outlives each of them. A client that connects while one JVM gives way to the next
 * waits in the socket's backlog and is answered by the next, instead of finding no socket file or
 * having its connection reset.
 *
 * <p>The descriptor travels over a private UNIX socket in a directory only this user can enter,
 * and only to the process the supervisor names.
 */
public final class ListenerHandover implements Closeable {

    private static final String SOCKET_NAME = "listener.sock";

    private final BoundSocket listener;
    private final LongPredicate mayTake;
    private final Path directory;
    private final AFUNIXServerSocket handover;

    private ListenerHandover(BoundSocket listener, LongPredicate mayTake, Path directory,
            AFUNIXServerSocket handover) {
        this.listener = listener;
        this.mayTake = mayTake;
        this.directory = directory;
        this.handover = handover;
    }

    /**
     * Starts lending {@code listener}.
     *
     * @param mayTake whether the process with this pid may have the listener
     */
    public static ListenerHandover lend(BoundSocket listener, LongPredicate mayTake) throws IOException {
        Path directory = Files.createTempDirectory("sockrepl-handover-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        AFUNIXServerSocket handover = AFUNIXServerSocket.newInstance();
        try {
            handover.bind(AFUNIXSocketAddress.of(directory.resolve(SOCKET_NAME)));
        } catch (IOException e) {
            handover.close();
            Files.deleteIfExists(directory);
            throw e;
        }
        ListenerHandover lender = new ListenerHandover(listener, mayTake, directory, handover);
        Thread thread = new Thread(lender::serve, "sockrepl-listener-handover");
        thread.setDaemon(true);
        thread.start();
        return lender;
    }

    /** Where a server JVM asks for the listener ({@link #take}). */
    public Path path() {
        return directory.resolve(SOCKET_NAME);
    }

    private void serve() {
        while (!handover.isClosed()) {
            try (AFUNIXSocket peer = handover.accept()) {
                if (mayTake.test(peer.getPeerCredentials().getPid())) {
                    peer.setOutboundFileDescriptors(listener.fileDescriptor());
                }
                // one byte either way: the descriptor rides on it, and its absence says no
                peer.getOutputStream().write(1);
            } catch (IOException e) {
                // a peer that vanished, or the handover closing: the loop condition tells which
            }
        }
    }

    /**
     * Asks the supervisor at {@code handoverPath} for the listening socket bound at {@code address}.
     *
     * @throws IOException when the supervisor is gone or does not lend this process the socket
     */
    public static BoundSocket take(Path handoverPath, Address address) throws IOException {
        try (AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(handoverPath))) {
            socket.setAncillaryReceiveBufferSize(256);
            InputStream in = socket.getInputStream();
            if (in.read() < 0) {
                throw new SocketException("the supervisor closed the handover without an answer");
            }
            FileDescriptor[] received = socket.getReceivedFileDescriptors();
            if (received == null || received.length != 1) {
                throw new SocketException("the supervisor did not lend this process the listening socket for "
                        + address);
            }
            // what a socket received closes with it: keep a duplicate
            return BoundSocket.adopt(FileDescriptorCast.duplicating(received[0]).as(AFUNIXServerSocket.class), address);
        }
    }

    /** Stops lending and removes the private directory; the listener itself stays as it is. */
    @Override
    public void close() throws IOException {
        handover.close();
        Files.deleteIfExists(path());
        Files.deleteIfExists(directory);
    }
}
