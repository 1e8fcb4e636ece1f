package io.sockrepl.pty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 200 open/use/stop cycles leave no file descriptors and no threads behind. */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LeakTest {

    private static final int CYCLES = 200;
    /** The JVM itself opens a few descriptors now and then (class files, JIT); a leak is per cycle. */
    private static final int SLACK = 4;

    private static int openFds() {
        return new File("/proc/self/fd").list().length;
    }

    private static long proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sockrepl-pty"))
                .count();
    }

    private static void cycle(Backend backend, int i) throws Exception {
        try (Harness h = new Harness(backend)) {
            SlaveStreams slave = h.slave();
            h.proxy.start();
            if (i % 2 == 0) {
                h.client.getOutputStream().write(new byte[] {(byte) i});
                Harness.readExactly(slave.input(), 1);
            } else {
                h.client.close();
                h.awaitEnd();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void noDescriptorsOrThreadsLeak(Backend backend) throws Exception {
        for (int i = 0; i < 5; i++) {
            cycle(backend, i);
        }
        System.gc();
        int fdsBefore = openFds();
        long threadsBefore = proxyThreads();
        for (int i = 0; i < CYCLES; i++) {
            cycle(backend, i);
        }
        System.gc();
        int fdsAfter = openFds();
        long threadsAfter = proxyThreads();
        assertTrue(fdsAfter <= fdsBefore + SLACK, "fds " + fdsBefore + " -> " + fdsAfter);
        assertTrue(threadsAfter <= threadsBefore, "threads " + threadsBefore + " -> " + threadsAfter);
    }
}
