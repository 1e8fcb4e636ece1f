package io.sockrepl.pty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PtySocketProxyTest {

    private static final int SIXTY_FOUR_MIB = 64 * 1024 * 1024;

    private static byte[] allByteValues() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyByteValuePassesUnchangedBothWays(Backend backend) throws Exception {
        try (Harness h = new Harness(backend)) {
            SlaveStreams slave = h.slave();
            h.proxy.start();
            h.client.getOutputStream().write(allByteValues());
            assertArrayEquals(allByteValues(), Harness.readExactly(slave.input(), 256));
            slave.output().write(allByteValues());
            assertArrayEquals(allByteValues(), Harness.readExactly(h.client.getInputStream(), 256));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sixtyFourMibEachWayArriveWhole(Backend backend) throws Exception {
        try (Harness h = new Harness(backend)) {
            SlaveStreams slave = h.slave();
            h.proxy.start();
            assertArrayEquals(
                    pump(h.client.getOutputStream(), slave.input(), 1), digestOf(slave.input(), 1), "socket -> slave");
            assertArrayEquals(
                    pump(slave.output(), h.client.getInputStream(), 2),
                    digestOf(h.client.getInputStream(), 2),
                    "slave -> socket");
        }
    }

    /** Writes 64 MiB of seeded random data on another thread; returns its digest. */
    private static byte[] pump(OutputStream out, InputStream unused, long seed) throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] chunk = new byte[50_000];
        CompletableFuture<Void> writer = new CompletableFuture<>();
        List<byte[]> chunks = new ArrayList<>();
        for (int done = 0; done < SIXTY_FOUR_MIB; done += chunk.length) {
            int n = Math.min(chunk.length, SIXTY_FOUR_MIB - done);
            byte[] c = new byte[n];
            random.nextBytes(c);
            sent.update(c);
            chunks.add(c);
        }
        Thread t = new Thread(() -> {
            try {
                for (byte[] c : chunks) {
                    out.write(c);
                }
                out.flush();
                writer.complete(null);
            } catch (Exception e) {
                writer.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return sent.digest();
    }

    private static byte[] digestOf(InputStream in, long seed) throws Exception {
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (total < SIXTY_FOUR_MIB) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, SIXTY_FOUR_MIB - total));
            assertTrue(n > 0, "stream ended after " + total + " bytes");
            received.update(buf, 0, n);
            total += n;
        }
        return received.digest();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void farSideClosingFiresSocketDisconnectOnceAndFreesEverything(Backend backend) throws Exception {
        Harness h = new Harness(backend);
        SlaveStreams slave = h.slave();
        h.proxy.start();
        h.client.getOutputStream().write(new byte[] {1, 2, 3});
        Harness.readExactly(slave.input(), 3);
        h.client.close();
        assertTrue(h.awaitEnd());
        h.proxy.stop();
        assertEquals(1, h.socketDisconnects.get());
        assertEquals(0, h.slaveDisconnects.get());
        assertTrue(h.proxy.isStopped());
        assertEquals(-1, slave.input().read(), "the in-process side sees the terminal go away");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void inProcessSideClosingFiresSlaveDisconnectOnce(Backend backend) throws Exception {
        try (Harness h = new Harness(backend)) {
            SlaveStreams slave = h.slave();
            h.proxy.start();
            slave.output().write("bye\n".getBytes());
            slave.output().close();
            slave.input().close();
            assertTrue(h.awaitEnd());
            assertEquals("bye\n", new String(Harness.readExactly(h.client.getInputStream(), 4)));
            h.proxy.stop();
            assertEquals(1, h.slaveDisconnects.get());
            assertEquals(0, h.socketDisconnects.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stopIsIdempotentInEveryOrderAndFiresNoCallback(Backend backend) throws Exception {
        Harness never = new Harness(backend);
        never.proxy.stop();
        never.proxy.stop();
        never.proxy.start();
        never.client.close();

        Harness twice = new Harness(backend);
        twice.slave();
        twice.proxy.start();
        twice.proxy.stop();
        twice.proxy.close();
        twice.client.close();
        Thread.sleep(100);
        assertEquals(0, twice.socketDisconnects.get() + twice.slaveDisconnects.get());

        Harness concurrent = new Harness(backend);
        concurrent.slave();
        concurrent.proxy.start();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> stoppers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                concurrent.proxy.stop();
                assertTrue(concurrent.proxy.isStopped());
            });
            t.start();
            stoppers.add(t);
        }
        go.countDown();
        for (Thread t : stoppers) {
            t.join(10_000);
            assertFalse(t.isAlive());
        }
        concurrent.client.close();
        assertEquals(0, concurrent.socketDisconnects.get() + concurrent.slaveDisconnects.get());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stopFromInsideACallback(Backend backend) throws Exception {
        Harness h = new Harness(backend);
        h.alsoOnCallback = h.proxy::stop;
        h.slave();
        h.proxy.start();
        h.client.close();
        assertTrue(h.awaitEnd());
        h.proxy.stop();
        assertEquals(1, h.socketDisconnects.get());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stopDuringHeavyTrafficFreesEverything(Backend backend) throws Exception {
        Harness h = new Harness(backend);
        SlaveStreams slave = h.slave();
        h.proxy.start();
        Thread writer = new Thread(() -> {
            byte[] junk = new byte[8192];
            try {
                while (true) {
                    h.client.getOutputStream().write(junk);
                }
            } catch (Exception expected) {
                // the proxy stopped
            }
        });
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                while (slave.input().read(buf) >= 0) {
                    // drain
                }
            } catch (Exception expected) {
                // the proxy stopped
            }
        });
        writer.start();
        reader.start();
        Thread.sleep(300);
        h.proxy.stop();
        h.client.close();
        writer.join(10_000);
        reader.join(10_000);
        assertFalse(writer.isAlive());
        assertFalse(reader.isAlive(), "the in-process reader was woken");
        assertEquals(0, h.slaveDisconnects.get());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(
                        t -> t.getName().endsWith(h.proxy.name()) && t.getName().startsWith("sockrepl-pty")));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writeToMasterArrivesAsTyped(Backend backend) throws Exception {
        try (Harness h = new Harness(backend)) {
            SlaveStreams slave = h.slave();
            h.proxy.start();
            h.proxy.writeToMaster(new byte[] {'l', 's', '\r', 3});
            assertArrayEquals(new byte[] {'l', 's', '\r', 3}, Harness.readExactly(slave.input(), 4));
        }
    }

    @Test
    void posixNameIsTheSlaveTtyAndWindowSizeReachesIt() throws Exception {
        try (Harness h = new Harness(Backend.POSIX)) {
            String name = h.proxy.name();
            assertTrue(name.startsWith("/dev/pts/"), name);
            h.slave();
            assertTrue(h.proxy.setWindowSize(132, 43));
            Process stty = new ProcessBuilder("stty", "-F", name, "size").start();
            assertEquals("43 132", new String(stty.getInputStream().readAllBytes()).strip());
            h.proxy.stop();
            assertEquals(name, h.proxy.name(), "readable after stop");
        }
    }

    @Test
    void socketPairIsNotATtyAndSaysSo() throws Exception {
        try (Harness h = new Harness(Backend.SOCKETPAIR)) {
            assertTrue(h.proxy.name().startsWith("pipes:"), h.proxy.name());
            assertFalse(h.proxy.setWindowSize(80, 24));
        }
    }

    @Test
    void factoryPicksPosixHereAndHonoursTheOverride() throws Exception {
        String before = System.getProperty(PtySocketProxy.BACKEND_PROPERTY);
        try (Socket s = SocketPairs.connected()[1]) {
            System.clearProperty(PtySocketProxy.BACKEND_PROPERTY);
            PtySocketProxy p = PtySocketProxy.open(s, null, null);
            assertInstanceOf(PosixPtyProxy.class, p);
            p.stop();
            System.setProperty(PtySocketProxy.BACKEND_PROPERTY, "socketpair");
            PtySocketProxy q = PtySocketProxy.open(SocketPairs.connected()[1], null, null);
            assertInstanceOf(PipePairProxy.class, q);
            q.stop();
            System.setProperty(PtySocketProxy.BACKEND_PROPERTY, "teletype");
            assertThrows(
                    IllegalArgumentException.class, () -> PtySocketProxy.open(SocketPairs.connected()[1], null, null));
        } finally {
            if (before == null) {
                System.clearProperty(PtySocketProxy.BACKEND_PROPERTY);
            } else {
                System.setProperty(PtySocketProxy.BACKEND_PROPERTY, before);
            }
        }
    }
}
