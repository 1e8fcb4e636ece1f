package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The threads that wait for connections: a few wait at once, more are started only while
 * connections keep them all busy, and they go back to the pool (not to waiting) once the rush is
 * over; closing the server ends every one of them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcceptThreadsTest {

    @TempDir
    Path dir;

    @Test
    void threadsThatServedManyConnectionsAtOnceDoNotAllGoBackToWaiting() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try (SockreplServer server = SockreplServer.start(
                ServerConfig.at(Address.unix(dir.resolve("a.sock"))).build())) {
            SockreplClient client = SockreplClient.to(server.address());
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                replies.add(clients.submit(
                        () -> client.run("Thread.sleep(100); get(" + n + ");").captured()));
            }
            for (int i = 0; i < 12; i++) {
                assertEquals(String.valueOf(i), replies.get(i).get());
            }
            assertTrue(awaitWaiting(n -> n <= 3), "threads still waiting to accept: " + waitingToAccept());
            assertEquals("ok", client.run("get(\"ok\");").captured(), "still accepting");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void closingTheServerEndsEveryThreadWaitingToAccept() throws Exception {
        try (SockreplServer server = SockreplServer.start(
                ServerConfig.at(Address.unix(dir.resolve("c.sock"))).build())) {
            SockreplClient client = SockreplClient.to(server.address());
            for (int i = 0; i < 5; i++) {
                client.run("get(1);");
            }
            // the thread that served the last request goes back to waiting just after its reply
            assertTrue(awaitWaiting(n -> n >= 2), "two threads wait: " + waitingToAccept());
        }
        assertTrue(awaitWaiting(n -> n == 0), "threads still waiting to accept: " + waitingToAccept());
    }

    private static boolean awaitWaiting(LongPredicate wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!wanted.test(waitingToAccept())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Live server threads that wait for a connection. */
    private static long waitingToAccept() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("sockrepl-"))
                .filter(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getMethodName().equals("acceptUnix")
                                && f.getClassName().equals("io.sockrepl.core.BoundSocket")))
                .count();
    }
}
