package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
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
}
