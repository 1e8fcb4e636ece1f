package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The descriptor passing is real (SCM_RIGHTS over a UNIX socket), within one JVM for speed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerHandoverTest {

    private static final long OWN_PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void anAdoptedListenerThatStopsLeavesItsConnectionsToTheNextTaker() throws Exception {
        Address address = Address.unix(dir.resolve("s.sock"));
        try (BoundSocket owner = BoundSocket.bind(address, false);
                ListenerHandover handover = ListenerHandover.lend(owner, pid -> pid == OWN_PID, pid -> false)) {
            BoundSocket first = ListenerHandover.take(handover.path(), address);
            try (Socket client = SocketConnector.connect(address, 1000);
                    Socket served = first.accept()) {
                roundTrip(client, served, 1);
            }

            first.stopAccepting();
            assertTrue(first.isClosed());
            assertThrows(SocketException.class, first::accept);
            assertTrue(Files.exists(address.path()), "a restart keeps the socket file");

            // a client between two takers is neither refused nor reset: it waits in the backlog
            try (Socket waiting = SocketConnector.connect(address, 1000)) {
                waiting.getOutputStream().write(2);
                BoundSocket second = ListenerHandover.take(handover.path(), address);
                try (Socket served = second.accept()) {
                    assertEquals(2, served.getInputStream().read());
                }
                second.close();
            }
            assertFalse(Files.exists(address.path()), "a taker that stops for good removes the socket file");
        }
    }

    @Test
    void onlyTheNamedProcessGetsTheListener() throws Exception {
        Address address = Address.unix(dir.resolve("s.sock"));
        try (BoundSocket owner = BoundSocket.bind(address, false);
                ListenerHandover handover = ListenerHandover.lend(owner, pid -> false, pid -> false)) {
            IOException refused =
                    assertThrows(IOException.class, () -> ListenerHandover.take(handover.path(), address));
            assertTrue(refused.getMessage().contains("did not lend this process"), refused.getMessage());
            try (Socket client = SocketConnector.connect(address, 1000)) {
                assertTrue(client.isConnected(), "the owner still listens");
            }
        }
    }

    @Test
    void theNextInLineIsHeldUntilItsTurnWhileOthersAreAnswered() throws Exception {
        Address address = Address.unix(dir.resolve("s.sock"));
        java.util.concurrent.atomic.AtomicBoolean turn = new java.util.concurrent.atomic.AtomicBoolean();
        try (BoundSocket owner = BoundSocket.bind(address, false);
                ListenerHandover handover = ListenerHandover.lend(owner, pid -> turn.get(), pid -> !turn.get())) {
            java.util.concurrent.CompletableFuture<BoundSocket> next =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return ListenerHandover.take(handover.path(), address);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            Thread.sleep(200);
            assertFalse(next.isDone(), "held while it is not its turn");
            turn.set(true);
            BoundSocket taken = next.get(10, TimeUnit.SECONDS);
            try (Socket client = SocketConnector.connect(address, 1000);
                    Socket served = taken.accept()) {
                roundTrip(client, served, 3);
            }
        }
    }

    @Test
    void theHandoverDirectoryIsPrivateAndGoesAway() throws Exception {
        Address address = Address.unix(dir.resolve("s.sock"));
        Path handoverPath;
        try (BoundSocket owner = BoundSocket.bind(address, false);
                ListenerHandover handover = ListenerHandover.lend(owner, pid -> true, pid -> false)) {
            handoverPath = handover.path();
            assertEquals(
                    "rwx------",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(handoverPath.getParent())));
        }
        assertFalse(Files.exists(handoverPath.getParent()));
    }

    private static void roundTrip(Socket client, Socket served, int b) throws IOException {
        client.getOutputStream().write(b);
        assertEquals(b, served.getInputStream().read());
    }
}
