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

    /** How often a process that is next in line looks whether its turn came. */
    private static final long WAIT_POLL_MILLIS = 5;

    private final BoundSocket listener;
    private final LongPredicate mayTake;
    private final LongPredicate mayWait;
    private final Path directory;
    private final AFUNIXServerSocket handover;

    private ListenerHandover(
            BoundSocket listener,
            LongPredicate mayTake,
            LongPredicate mayWait,
            Path directory,
            AFUNIXServerSocket handover) {
        this.listener = listener;
        this.mayTake = mayTake;
        this.mayWait = mayWait;
        this.directory = directory;
        this.handover = handover;
    }

    /**
     * Starts lending {@code listener}.
     *
     * @param mayTake whether the process with this pid may have the listener now
     * @param mayWait whether the process with this pid is next in line: its request is held until
     *                it may take the listener, or no longer may wait
     */
    public static ListenerHandover lend(BoundSocket listener, LongPredicate mayTake, LongPredicate mayWait)
            throws IOException {
        Path directory = Files.createTempDirectory(
                "sockrepl-handover-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        AFUNIXServerSocket handover = AFUNIXServerSocket.newInstance();
        try {
            handover.bind(AFUNIXSocketAddress.of(directory.resolve(SOCKET_NAME)));
        } catch (IOException e) {
            handover.close();
            Files.deleteIfExists(directory);
            throw e;
        }
        ListenerHandover lender = new ListenerHandover(listener, mayTake, mayWait, directory, handover);
        Daemons.start("sockrepl-listener-handover", lender::serve);
        return lender;
    }

    /** Where a server JVM asks for the listener ({@link #take}). */
    public Path path() {
        return directory.resolve(SOCKET_NAME);
    }

    private void serve() {
        while (!handover.isClosed()) {
            try {
                AFUNIXSocket peer = handover.accept();
                // a request held for its turn must not hold up the others
                Daemons.start("sockrepl-listener-lend", () -> answer(peer));
            } catch (IOException e) {
                // the handover closing ends the loop; anything else was one peer's trouble
            }
        }
    }

    private void answer(AFUNIXSocket peer) {
        try (peer) {
            long pid = peer.getPeerCredentials().getPid();
            while (!mayTake.test(pid) && mayWait.test(pid) && !handover.isClosed()) {
                Thread.sleep(WAIT_POLL_MILLIS);
            }
            if (mayTake.test(pid)) {
                peer.setOutboundFileDescriptors(listener.fileDescriptor());
            }
            // one byte either way: the descriptor rides on it, and its absence says no
            peer.getOutputStream().write(1);
        } catch (IOException e) {
            // the peer vanished: nothing was lent
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                throw new SocketException(
                        "the supervisor did not lend this process the listening socket for " + address);
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
