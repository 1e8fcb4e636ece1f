package io.sockrepl.pty;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A proxy between a real connected socket pair: the test plays the client on the far end. */
final class Harness implements AutoCloseable {

    final Socket client;
    final PtySocketProxy proxy;
    final AtomicInteger socketDisconnects = new AtomicInteger();
    final AtomicInteger slaveDisconnects = new AtomicInteger();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile Runnable alsoOnCallback = () -> {};

    Harness(Backend backend) throws IOException {
        Socket[] pair = SocketPairs.connected();
        client = pair[0];
        proxy = backend.open(
                pair[1],
                () -> {
                    socketDisconnects.incrementAndGet();
                    alsoOnCallback.run();
                    ended.countDown();
                },
                () -> {
                    slaveDisconnects.incrementAndGet();
                    alsoOnCallback.run();
                    ended.countDown();
                });
    }

    SlaveStreams slave() throws IOException {
        return proxy.openSlaveStreams(StandardCharsets.UTF_8);
    }

    boolean awaitEnd() throws InterruptedException {
        return ended.await(30, TimeUnit.SECONDS);
    }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new IOException("end of stream after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return buf;
    }

    @Override
    public void close() throws IOException {
        proxy.stop();
        client.close();
    }
}
