package io.sockrepl.bench;

import io.sockrepl.pty.PipePairProxy;
import io.sockrepl.pty.PosixPtyProxy;
import io.sockrepl.pty.PtySocketProxy;
import io.sockrepl.pty.SlaveStreams;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Throughput each way and one-byte round-trip latency through {@link PtySocketProxy}, for each
 * backend, against a plain socket-to-socket copy thread doing the same hop in the same run.
 */
public final class PtyBench {

    private static final int MIB = 1024 * 1024;
    private static final int VOLUME = 128 * MIB;
    private static final int ROUND_TRIPS = 5000;

    private interface Hop {
        /** The far end plays the socket client; the near end plays the in-process side. */
        Ends open() throws IOException;
    }

    private record Ends(
            InputStream fromFar, OutputStream toFar, InputStream fromNear, OutputStream toNear, AutoCloseable closer)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    private static AFUNIXServerSocket listener;

    public static void main(String[] args) throws Exception {
        System.out.println("pty-proxy benchmark (" + VOLUME / MIB + " MiB each way, " + ROUND_TRIPS
                + " one-byte round trips; JDK " + Runtime.version() + ")");
        Result baseline = measure("plain socket-to-socket copy (baseline)", PtyBench::plainCopy);
        Result posix = measure("PosixPtyProxy (pty4j, raw mode)", () -> proxy(true));
        Result pipes = measure("PipePairProxy (the 'socketpair' backend)", () -> proxy(false));
        System.out.println();
        for (Result r : new Result[] {baseline, posix, pipes}) {
            System.out.println(r.format(baseline));
        }
    }

    private record Result(String name, double inMBs, double outMBs, Stats rtt) {
        String format(Result base) {
            return String.format(
                    Locale.ROOT,
                    "%-42s socket->slave %7.0f MB/s (x%.2f)   slave->socket %7.0f MB/s (x%.2f)   "
                            + "1-byte RTT p50 %6.1f us p99 %7.1f us (x%.2f)",
                    name,
                    inMBs,
                    inMBs / base.inMBs,
                    outMBs,
                    outMBs / base.outMBs,
                    rtt.median(),
                    rtt.percentile(99),
                    rtt.median() / base.rtt.median());
        }
    }

    private static Result measure(String name, Hop hop) throws Exception {
        double in = 0;
        double out = 0;
        for (int rep = 0; rep < 3; rep++) {
            try (Ends e = hop.open()) {
                in = Math.max(in, throughput(e.toFar(), e.fromNear()));
            }
            try (Ends e = hop.open()) {
                out = Math.max(out, throughput(e.toNear(), e.fromFar()));
            }
        }
        Stats rtt;
        try (Ends e = hop.open()) {
            Thread echo = new Thread(() -> {
                byte[] b = new byte[1];
                try {
                    while (e.fromNear().read(b) > 0) {
                        e.toNear().write(b);
                        e.toNear().flush();
                    }
                } catch (IOException done) {
                    // closed
                }
            });
            echo.setDaemon(true);
            echo.start();
            byte[] one = {42};
            rtt = Stats.measure(500, ROUND_TRIPS, () -> {
                e.toFar().write(one);
                e.toFar().flush();
                if (e.fromFar().read() != 42) {
                    throw new IllegalStateException("echo lost a byte");
                }
            });
        }
        return new Result(name, in, out, rtt);
    }

    private static double throughput(OutputStream writeTo, InputStream readFrom) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31);
        }
        Thread writer = new Thread(() -> {
            try {
                for (int sent = 0; sent < VOLUME; sent += chunk.length) {
                    writeTo.write(chunk);
                }
                writeTo.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        writer.start();
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        while (got < VOLUME) {
            int n = readFrom.read(buf);
            if (n < 0) {
                throw new IllegalStateException("ended after " + got);
            }
            got += n;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writer.join();
        return VOLUME / 1e6 / seconds;
    }

    private static synchronized Socket[] socketPair() throws IOException {
        if (listener == null) {
            File dir = Files.createTempDirectory("pty-bench").toFile();
            dir.deleteOnExit();
            File path = new File(dir, "b.sock");
            path.deleteOnExit();
            listener = AFUNIXServerSocket.newInstance();
            listener.bind(AFUNIXSocketAddress.of(path));
        }
        AFUNIXSocket client = AFUNIXSocket.newInstance();
        client.connect(listener.getLocalSocketAddress());
        return new Socket[] {client, listener.accept()};
    }

    private static Ends proxy(boolean posix) throws IOException {
        Socket[] pair = socketPair();
        PtySocketProxy p = posix ? new PosixPtyProxy(pair[1], null, null) : new PipePairProxy(pair[1], null, null);
        SlaveStreams slave = p.openSlaveStreams(StandardCharsets.UTF_8);
        p.start();
        return new Ends(pair[0].getInputStream(), pair[0].getOutputStream(), slave.input(), slave.output(), () -> {
            p.stop();
            pair[0].close();
        });
    }

    /** The same hop with no terminal: a thread each way copying between two sockets. */
    private static Ends plainCopy() throws IOException {
        Socket[] a = socketPair();
        Socket[] b = socketPair();
        Thread t1 = copier(a[1].getInputStream(), b[0].getOutputStream());
        Thread t2 = copier(b[0].getInputStream(), a[1].getOutputStream());
        return new Ends(
                a[0].getInputStream(), a[0].getOutputStream(), b[1].getInputStream(), b[1].getOutputStream(), () -> {
                    for (Socket s : new Socket[] {a[0], a[1], b[0], b[1]}) {
                        s.close();
                    }
                    t1.join();
                    t2.join();
                });
    }

    private static Thread copier(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException closed) {
                // end of run
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
