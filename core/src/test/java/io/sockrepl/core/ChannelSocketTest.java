package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server's side of a UNIX connection, over a real socket: what the server relies on a Socket for. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelSocketTest {

    @TempDir
    Path dir;

    private BoundSocket listener;
    private SocketChannel client;
    private Socket served;

    @BeforeEach
    void connect() throws Exception {
        Address address = Address.unix(dir.resolve("c.sock"));
        listener = BoundSocket.bind(address, false);
        client = SocketConnector.openChannel(address, 1000);
        served = listener.accept();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        served.close();
        listener.close();
    }

    @Test
    void aReadThatWaitsTooLongTimesOutAndLosesNothing() throws Exception {
        served.setSoTimeout(100);
        InputStream in = served.getInputStream();
        assertThrows(SocketTimeoutException.class, in::read);
        client.write(java.nio.ByteBuffer.wrap(new byte[] {7, 8}));
        assertEquals(7, in.read());
        served.setSoTimeout(0);
        assertEquals(8, in.read());
    }

    @Test
    void availableSeesWhatHasArrivedWithoutTakingIt() throws Exception {
        InputStream in = served.getInputStream();
        assertEquals(0, in.available());
        client.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (in.available() < 5 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(5, in.available());
        byte[] got = new byte[5];
        assertEquals(5, in.readNBytes(got, 0, 5));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, got);
    }

    @Test
    void closingWakesAReadThatWaits() throws Exception {
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                served.getInputStream().read();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!waitsInSelect()) {
            assertTrue(System.nanoTime() < deadline, "the reader never came to wait");
            Thread.onSpinWait();
        }
        served.close();
        assertTrue(reader.get(10, TimeUnit.SECONDS) instanceof SocketException, String.valueOf(reader.get()));
        assertTrue(served.isClosed());
        assertThrows(SocketException.class, served::getInputStream);
    }

    @Test
    void aHalfClosedConnectionStillCarriesTheAnswer() throws Exception {
        client.shutdownOutput();
        assertEquals(-1, served.getInputStream().read());
        served.getOutputStream().write(new byte[] {42});
        HalfClose.output(served);
        java.nio.ByteBuffer answer = java.nio.ByteBuffer.allocate(2);
        while (client.read(answer) >= 0) {
            // until the server's end of stream
        }
        assertEquals(1, answer.position());
        assertEquals(42, answer.get(0));
    }

    @Test
    void aLargeWriteWaitsForTheReaderAndArrivesWhole() throws Exception {
        byte[] large = new byte[8 << 20];
        java.util.Arrays.fill(large, (byte) 'x');
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                served.getOutputStream().write(large);
                served.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        java.nio.ByteBuffer got = java.nio.ByteBuffer.allocate(large.length + 1);
        while (client.read(got) >= 0) {
            // the whole write, then end of stream
        }
        writer.get(10, TimeUnit.SECONDS);
        assertEquals(large.length, got.position());
    }

    private static boolean waitsInSelect() {
        return Thread.getAllStackTraces().values().stream()
                .anyMatch(stack -> java.util.Arrays.stream(stack)
                        .anyMatch(f -> f.getClassName().endsWith("ChannelSocket$Waiter")));
    }
}
