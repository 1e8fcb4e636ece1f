package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class BoundSocketTest {

    @TempDir
    Path dir;

    @Test
    void unixSocketIsMode0600AndRemovedOnClose() throws Exception {
        Path p = dir.resolve("s.sock");
        try (BoundSocket b = BoundSocket.bind(Address.unix(p), false)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            assertTrue(b.effectiveAddress().path().isAbsolute());
        }
        assertFalse(Files.exists(p));
    }

    /**
     * Another user who may write the directory swaps a symlink in for the fresh socket: the server
     * must never change the mode of what the link points to (a chmod by path after the bind did,
     * on the first try).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"served", "handed on"})
    void aSymlinkSwappedInForTheFreshSocketNeverGetsItsTargetChmodded(String kind) throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "mine");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Path p = dir.resolve("raced.sock");
        java.util.concurrent.atomic.AtomicBoolean racing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger swaps = new java.util.concurrent.atomic.AtomicInteger();
        Thread racer = new Thread(() -> {
            while (racing.get()) {
                try {
                    Files.move(p, dir.resolve("moved-away.sock"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.createSymbolicLink(p, victim);
                    swaps.incrementAndGet();
                } catch (java.io.IOException notThereYet) {
                    // the bind has not made it, or the link is there already
                }
            }
        });
        racer.start();
        try {
            for (int i = 0; i < 300; i++) {
                Files.deleteIfExists(p);
                try (java.io.Closeable b = kind.equals("served")
                        ? BoundSocket.bind(Address.unix(p), false)
                        : HandedOnSocket.bind(Address.unix(p), () -> {})) {
                    // the racer may have taken the socket's place already
                } catch (java.io.IOException refusedBecauseOfTheLink) {
                    // a link at the path is no stale socket: refused, and left as it is
                }
                assertEquals(
                        "rw-r--r--",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)),
                        "after " + (i + 1) + " binds and " + swaps + " swaps");
            }
        } finally {
            racing.set(false);
            racer.join();
        }
        assertTrue(swaps.get() > 0, "the racer got in");
    }

    @Test
    void staleSocketFileIsReplaced() throws Exception {
        Path p = dir.resolve("stale.sock");
        AFUNIXServerSocket dead = AFUNIXServerSocket.newInstance();
        dead.bind(AFUNIXSocketAddress.of(p));
        // close the descriptor but leave the file, as a killed server does
        dead.setDeleteOnClose(false);
        dead.close();
        assertTrue(Files.exists(p));
        try (BoundSocket b = BoundSocket.bind(Address.unix(p), false);
                Socket s = SocketConnector.connect(Address.unix(p), 1000)) {
            assertTrue(s.isConnected());
        }
    }

    @Test
    void liveSocketIsNeverStolen() throws Exception {
        Path p = dir.resolve("live.sock");
        try (BoundSocket first = BoundSocket.bind(Address.unix(p), false)) {
            BoundSocket.BindRefusedException e = assertThrows(
                    BoundSocket.BindRefusedException.class, () -> BoundSocket.bind(Address.unix(p), false));
            assertTrue(e.getMessage().contains("another server is already listening"), e.getMessage());
            try (Socket s = SocketConnector.connect(Address.unix(p), 1000)) {
                assertTrue(s.isConnected(), "the first server still owns the socket");
            }
        }
    }

    @Test
    void aRegularFileIsNotReplaced() throws Exception {
        Path p = dir.resolve("precious.txt");
        Files.writeString(p, "data");
        assertThrows(BoundSocket.BindRefusedException.class, () -> BoundSocket.bind(Address.unix(p), false));
        assertEquals("data", Files.readString(p));
    }

    @Test
    void tcpPortZeroReportsTheRealPortOnLoopback() throws Exception {
        try (BoundSocket b = BoundSocket.bind(Address.parse(":0"), false)) {
            assertNotEquals(0, b.effectiveAddress().port());
            assertEquals("127.0.0.1", b.effectiveAddress().host());
        }
    }

    @Test
    void nonLoopbackNeedsExplicitOptIn() {
        BoundSocket.BindRefusedException e = assertThrows(
                BoundSocket.BindRefusedException.class, () -> BoundSocket.bind(Address.parse("0.0.0.0:0"), false));
        assertTrue(e.getMessage().contains("--allow-remote"), e.getMessage());
    }

    /**
     * Two adoptions of one channel stand for two JVMs that inherited the supervisor's socket: what
     * matters is that the first leaves it open and listening.
     */
    @Test
    void anInheritedListenerThatStopsLeavesItsConnectionsToTheNextOne() throws Exception {
        Address address = Address.unix(dir.resolve("s.sock"));
        try (ServerSocketChannel supervisor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            supervisor.bind(UnixDomainSocketAddress.of(address.path()));
            BoundSocket first = BoundSocket.adopt(supervisor, address);
            try (Socket client = SocketConnector.connect(address, 1000);
                    Socket served = first.accept()) {
                roundTrip(client, served, 1);
            }
            first.stopAccepting();
            assertTrue(first.isClosed());
            assertThrows(java.net.SocketException.class, first::accept);
            assertTrue(Files.exists(address.path()), "a restart keeps the socket file");
            assertTrue(first.isReachable());

            // a client between two server JVMs is neither refused nor reset: it waits in the backlog
            try (Socket waiting = SocketConnector.connect(address, 1000)) {
                waiting.getOutputStream().write(2);
                BoundSocket second = BoundSocket.adopt(supervisor, address);
                try (Socket served = second.accept()) {
                    assertEquals(2, served.getInputStream().read());
                }
                second.close();
            }
            assertFalse(Files.exists(address.path()), "a server that stops for good removes the socket file");
            assertFalse(first.isReachable(), "and the next one in line can tell");
        }
    }

    @Test
    void aDescriptorThatIsNotTheListenerForTheAddressIsRefused() throws Exception {
        Address address = Address.unix(dir.resolve("s.sock"));
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(dir.resolve("other.sock")));
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> BoundSocket.adopt(other, address));
            assertTrue(
                    e.getMessage().contains("not given a listening socket for " + address.absolute()), e.getMessage());
        }
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "x");
        try (FileChannel plain = FileChannel.open(file)) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> BoundSocket.adopt(plain, address));
            assertTrue(e.getMessage().contains("not given a listening socket"), e.getMessage());
        }
        java.io.IOException none = assertThrows(java.io.IOException.class, () -> BoundSocket.adopt(null, address));
        assertTrue(none.getMessage().endsWith("but no socket"), none.getMessage());
    }

    private static void roundTrip(Socket client, Socket served, int b) throws java.io.IOException {
        client.getOutputStream().write(b);
        assertEquals(b, served.getInputStream().read());
    }
}
