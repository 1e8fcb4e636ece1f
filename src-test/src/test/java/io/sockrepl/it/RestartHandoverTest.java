package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.sockrepl.client.ServerUnreachableException;
import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that connect right after a supervised restart is acknowledged, while one server JVM gives
 * way to the next: none may see its connection reset.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RestartHandoverTest {

    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    Process server;

    @AfterEach
    void cleanUp() throws Exception {
        Cli.stop(server);
    }

    private SockreplClient serve(String... args) throws Exception {
        server = Cli.serveHere(dir, args);
        SessionInfo info = new SessionFile(dir.resolve(".sockrepl.json")).read().orElseThrow();
        return SockreplClient.to(info.address()).withToken(info.token());
    }

    /** The pid of the JVM serving {@code client}'s server, from its status. */
    static long pid(SockreplClient client) throws IOException {
        return JsonParser.parseString(client.control(ControlAction.STATUS))
                .getAsJsonObject()
                .get("pid")
                .getAsLong();
    }

    /** The UNIX socket never goes away: clients wait for the next JVM and are answered by it. */
    @Test
    void unixClientsRightAfterTheAckAreAnsweredByTheNextJvm() throws Exception {
        SockreplClient client = serve();
        client.run("int a = 5;");
        long before = pid(client);

        client.control(ControlAction.RESTART);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<SnippetResult>> replies = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                replies.add(pool.submit(() -> client.run("get(" + n + " * 2);")));
            }
            for (int i = 0; i < CLIENTS; i++) {
                SnippetResult reply = replies.get(i).get(120, TimeUnit.SECONDS);
                assertEquals(String.valueOf(i * 2), reply.captured(), "answered, not reset: " + reply);
            }
        } finally {
            pool.shutdownNow();
        }
        assertNotEquals(before, pid(client), "a fresh JVM answered");
        assertTrue(client.run("get(a);").exception().contains("cannot find symbol"), "with a fresh state");
        awaitServerJvms(2);
    }

    /** A server JVM killed outright is replaced by the standby; a client in between is answered. */
    @Test
    void aKilledServerJvmIsReplacedAndTheClientInBetweenAnswered() throws Exception {
        SockreplClient client = serve();
        client.run("int a = 5;");
        long before = pid(client);
        awaitServerJvms(2);

        ProcessHandle killed = ProcessHandle.of(before).orElseThrow();
        killed.destroyForcibly();
        // a connection the dying JVM had accepted would die with it; one made after waits for the next
        killed.onExit().get(30, TimeUnit.SECONDS);
        assertEquals("2", client.run("get(2);").captured(), "waited on the socket, answered by the next JVM");
        assertNotEquals(before, pid(client));
        assertTrue(client.run("get(a);").exception().contains("cannot find symbol"), "with a fresh state");
        awaitServerJvms(2);
    }

    @Test
    void withoutAStandbyOneServerJvmRunsAndRestartsStillLoseNobody() throws Exception {
        SockreplClient client = serve("--no-standby");
        long before = pid(client);
        client.control(ControlAction.RESTART);
        assertEquals("3", client.run("get(3);").captured());
        assertNotEquals(before, pid(client));
        assertEquals(1, server.toHandle().children().count(), "no standby JVM");
    }

    /** The serving JVM and the standby beside it, and no more: restarts leave no chain behind. */
    private void awaitServerJvms(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.toHandle().children().count() != expected) {
            assertTrue(
                    System.nanoTime() < deadline,
                    "server JVMs: " + server.toHandle().children().count());
            Thread.sleep(50);
        }
    }

    /**
     * TCP cannot be lent across JVMs here: the old JVM stops listening before it acknowledges,
     * so a client is refused until the next JVM listens, and is never reset.
     */
    @Test
    void tcpClientsRightAfterTheAckAreRefusedOrAnsweredNeverReset() throws Exception {
        SockreplClient client = serve(":0");
        long before = pid(client);

        client.control(ControlAction.RESTART);
        int refused = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                SnippetResult seven = client.run("get(7);");
                int refusals = refused;
                assertEquals("7", seven.captured(), () -> "after " + refusals + " refusals: " + seven.exception());
                break;
            } catch (ServerUnreachableException e) {
                assertTrue(
                        e.getMessage().startsWith("cannot reach a server at"),
                        "refused like a server that is down, not cut off: " + e.getMessage());
                refused++;
            }
            assertTrue(System.nanoTime() < deadline, "the next JVM never listened");
            Thread.sleep(5);
        }
        assertTrue(refused > 0, "the old JVM answered after its acknowledgement");
        assertNotEquals(before, pid(client));
    }
}
