package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Outcome;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Console sessions and queued requests beyond the server's limits get a clear refusal, not exhaustion. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LimitsTest {

    @TempDir
    Path dir;

    SockreplServer server;
    final ExecutorService clients = Executors.newFixedThreadPool(3);

    @BeforeEach
    void start() throws Exception {
        server = SockreplServer.start(ServerConfig.at(Address.unix(dir.resolve("l.sock")))
                .maxConsoleSessions(1)
                .maxQueuedRequests(1)
                .build());
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        server.close();
    }

    @Test
    void aConsoleSessionBeyondTheLimitIsToldWhyAndTheFirstKeepsWorking() throws Exception {
        try (RawClient first = new RawClient(server.address())) {
            Screen s = new Screen(first.socket.getInputStream(), first.socket.getOutputStream());
            int at = s.await("sockrepl> ", 0);

            try (RawClient plain = new RawClient(server.address())) {
                InputStream in = plain.socket.getInputStream();
                String said = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(
                        "sockrepl: too many console sessions: 1 are open (the server's limit); try again later\r\n",
                        said);
            }
            try (RawClient attach = new RawClient(server.address())) {
                JsonObject frame = new JsonObject();
                frame.add("attach", new JsonObject());
                frame.addProperty("v", 2);
                FrameCodec.write(attach.socket.getOutputStream(), frame);
                JsonObject reply = attach.reply();
                assertEquals("too_many_sessions", reply.get("error").getAsString(), reply.toString());
            }
            s.type("1 + 1\r");
            s.await("==> 2", at);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String status;
        do {
            status = SockreplClient.to(server.address()).control(ControlAction.STATUS);
        } while (!status.contains("\"console_sessions\":0") && System.nanoTime() < deadline);
        assertTrue(status.contains("\"console_sessions\":0"), "a closed session frees its slot: " + status);
    }

    @Test
    void aRequestBeyondTheQueueLimitIsRefusedAtOnce() throws Exception {
        SockreplClient client = SockreplClient.to(server.address());
        CompletableFuture<SnippetResult> running =
                CompletableFuture.supplyAsync(() -> run(client, "while (true) { }"), clients);
        awaitStatus(client, "\"running\":true");
        CompletableFuture<SnippetResult> waiting =
                CompletableFuture.supplyAsync(() -> run(client, "get(\"waited\");"), clients);
        awaitStatus(client, "\"queued\":1");
        SnippetResult refused = client.run("get(\"third\");");
        assertEquals(Outcome.INTERRUPTED, refused.status());
        assertTrue(refused.exception().startsWith("busy: 1 requests are already waiting"), refused.exception());

        client.control(ControlAction.INTERRUPT);
        assertEquals(Outcome.INTERRUPTED, running.get(60, TimeUnit.SECONDS).status());
        assertEquals("waited", waiting.get(60, TimeUnit.SECONDS).captured());
    }

    private static void awaitStatus(SockreplClient client, String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!client.control(ControlAction.STATUS).contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status never showed " + fragment);
            }
            Thread.sleep(20);
        }
    }

    private static SnippetResult run(SockreplClient client, String source) {
        try {
            return client.run(source);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
