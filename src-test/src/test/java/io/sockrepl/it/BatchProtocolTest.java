package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.client.ServerRefusedException;
import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Outcome;
import io.sockrepl.core.Request;
import io.sockrepl.core.SessionFile;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The batch protocol against an in-process server, over a real UNIX socket (and TCP). */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BatchProtocolTest {

    @TempDir
    Path dir;

    SockreplServer server;
    SockreplClient client;
    /** Clients that block: not the common pool, which JDK 25 runs with one worker on two cores. */
    final java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        server = SockreplServer.start(ServerConfig.at(Address.unix(dir.resolve("s.sock")))
                .sessionFile(dir.resolve(".sockrepl.json"))
                .build());
        client = SockreplClient.to(server.address());
    }

    @AfterEach
    void stop() {
        server.close();
        clients.shutdownNow();
    }

    private JsonObject status() throws Exception {
        return JsonParser.parseString(client.control(ControlAction.STATUS)).getAsJsonObject();
    }

    /** Waits until the server runs a snippet; fails at once if {@code run} ended before that. */
    private void awaitRunning(CompletableFuture<SnippetResult> run) throws Exception {
        while (!status().get("running").getAsBoolean()) {
            if (run.isDone()) {
                throw new AssertionError("the snippet ended before it was seen running: " + run.get());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void statePersistsAcrossRequestsAndClients() throws Exception {
        assertTrue(client.run("int a = 5;").succeeded());
        SnippetResult r = SockreplClient.to(server.address()).run("get(a * 3);");
        assertEquals("15", r.captured());
        assertEquals("", r.exception());
    }

    @Test
    void getConcatenatesWithoutSeparator() throws Exception {
        assertEquals(
                "1a nullxyz[1, 2]",
                client.run(
                                "get(1); get(\"a \");\nget(null);\nfor (String s : List.of(\"x\", \"y\", \"z\")) get(s);\nget(List.of(1, 2));")
                        .captured());
    }

    @Test
    void exceptionsPointAtTheSnippetsLinesAndStateSurvives() throws Exception {
        client.run("int before = 41;");
        SnippetResult r = client.run("int x = 1;\nString s = \"abc\";\n\nObject o = s.substring(5);\nget(o);");
        assertEquals(Outcome.EXCEPTION, r.status());
        assertTrue(r.exception().startsWith("java.lang.StringIndexOutOfBoundsException"), r.exception());
        assertTrue(r.exception().contains("\tat (snippet:4)  Object o = s.substring(5);"), r.exception());
        assertTrue(r.exception().contains("\tat java.base/java.lang.String.substring("), "host frames stay");
        assertFalse(r.exception().contains("jdk.jshell") || r.exception().contains("do_it$"), r.exception());
        assertEquals("42", client.run("get(before + x);").captured());
    }

    @Test
    void exceptionsInMethodsFromEarlierSnippets() throws Exception {
        client.run(
                "// helpers\nint half(int n) {\n  if (n < 0) throw new IllegalArgumentException(\"negative: \" + n);\n  return n / 2;\n}");
        SnippetResult r = client.run("half(-4);");
        assertTrue(r.exception().startsWith("java.lang.IllegalArgumentException: negative: -4\n"), r.exception());
        assertTrue(r.exception().contains("\tat half (snippet #"), r.exception());
        assertTrue(r.exception().contains(":3)  if (n < 0) throw new IllegalArgumentException"), r.exception());
        assertTrue(r.exception().contains("\tat (snippet:1)  half(-4);"), r.exception());
    }

    @Test
    void compileErrorsRenderLikeJavac() throws Exception {
        client.run("int kept = 7;");
        SnippetResult r = client.run("int ok = 1;\nString s = 42;");
        assertEquals(Outcome.COMPILE_ERROR, r.status());
        assertEquals(
                "snippet:2:12: error: incompatible types: int cannot be converted to java.lang.String\n"
                        + "String s = 42;\n           ^\n",
                r.exception());
        assertEquals("7", client.run("get(kept);").captured());
    }

    @Test
    void snippetOutputIsCapturedPerRequestAndTheHostsIsUntouched() throws Exception {
        SnippetResult r = client.run("System.out.println(\"to out\"); System.err.print(\"to err\");"
                + "Thread t = new Thread(() -> System.out.println(\"from a child thread\")); t.start(); t.join();");
        assertEquals("to out\nfrom a child thread\n", r.stdout());
        assertEquals("to err", r.stderr());
    }

    @Test
    void statusHasTheFieldsScriptsNeed() throws Exception {
        client.run("get(1);");
        JsonObject s = status();
        assertEquals(ProcessHandle.current().pid(), s.get("pid").getAsLong());
        assertEquals(server.address().toString(), s.get("address").getAsString());
        assertEquals(1, s.get("snippets_run").getAsLong());
        assertFalse(s.get("running").getAsBoolean());
        for (String k : List.of("uptime_ms", "java_version", "heap_used_bytes", "running_ms", "queued")) {
            assertTrue(s.has(k), k);
        }
    }

    @Test
    void interruptStopsARunawaySnippetWhileControlStillAnswers() throws Exception {
        client.run("int survivor = 3;");
        CompletableFuture<SnippetResult> loop =
                CompletableFuture.supplyAsync(() -> run("long n = 0; while (true) { n++; }"), clients);
        awaitRunning(loop);
        assertTrue(status().get("running_ms").getAsLong() >= 0);
        String ack = client.control(ControlAction.INTERRUPT);
        assertTrue(ack.contains("\"interrupted\":true"), ack);
        SnippetResult r = loop.get(60, TimeUnit.SECONDS);
        assertEquals(Outcome.INTERRUPTED, r.status());
        assertEquals("interrupted: stopped by an interrupt request\n", r.exception());
        assertEquals("3", client.run("get(survivor);").captured());
    }

    @Test
    void timeoutInterruptsOnlyThatSnippet() throws Exception {
        SnippetResult r = client.run("Thread.sleep(60_000);", Duration.ofMillis(300));
        assertEquals(Outcome.INTERRUPTED, r.status());
        assertTrue(r.exception().contains("timeout of 300 ms"), r.exception());
        assertEquals(Outcome.OK, client.run("get(2);").status());
    }

    @Test
    void snippetsRunOneAtATimeInArrivalOrder() throws Exception {
        client.run("List<String> order = Collections.synchronizedList(new ArrayList<>());");
        Gate.open = new java.util.concurrent.CountDownLatch(1);
        List<CompletableFuture<SnippetResult>> runs = new ArrayList<>();
        runs.add(CompletableFuture.supplyAsync(
                () -> run("order.add(\"A\"); io.sockrepl.it.Gate.open.await(); order.add(\"A-done\");"), clients));
        awaitRunning(runs.get(0));
        for (String name : List.of("B", "C", "D")) {
            runs.add(CompletableFuture.supplyAsync(() -> run("order.add(\"" + name + "\");"), clients));
            while (status().get("queued").getAsLong() < runs.size() - 1) {
                Thread.sleep(5);
            }
        }
        Gate.open.countDown();
        for (CompletableFuture<SnippetResult> f : runs) {
            assertEquals(Outcome.OK, f.get(60, TimeUnit.SECONDS).status());
        }
        assertEquals("[A, A-done, B, C, D]", client.run("get(order);").captured());
    }

    private SnippetResult run(String source) {
        try {
            return client.run(source);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aClientThatHangsUpHasItsSnippetWithdrawn() throws Exception {
        try (RawClient quitter = new RawClient(server.address())) {
            quitter.send(FrameCodec.encode(
                    Request.snippet("while (true) { }", null, 0).toJson()));
            awaitRunning(new CompletableFuture<>());
        }
        assertEquals("after", client.run("get(\"after\");").captured());
    }

    /** Sent when nothing else runs, a repeated snippet runs on its own connection's thread. */
    @Test
    void aClientThatHangsUpWhileItsRepeatedSnippetRunsHasItWithdrawn() throws Exception {
        client.run("boolean spin = false;");
        String loop = "while (spin) { Thread.onSpinWait(); }";
        assertEquals(Outcome.OK, client.run(loop).status());
        client.run("spin = true;");
        try (RawClient quitter = new RawClient(server.address())) {
            quitter.send(FrameCodec.encode(Request.snippet(loop, null, 0).toJson()));
            awaitRunning(new CompletableFuture<>());
        }
        assertEquals("after", client.run("get(\"after\");").captured());
    }

    @Test
    void restartGivesAFreshStateOnTheSameAddress() throws Exception {
        client.run("int gone = 1;");
        assertEquals("{}", client.control(ControlAction.RESTART));
        SnippetResult r = client.run("get(gone);");
        assertEquals(Outcome.COMPILE_ERROR, r.status());
        assertEquals("1", client.run("get(1);").captured());
        assertEquals(2, status().get("snippets_run").getAsLong(), "counted from the restart");
    }

    @Test
    void stopRemovesTheSocketAndTheSessionFile() throws Exception {
        assertTrue(Files.exists(dir.resolve("s.sock")));
        assertEquals(
                server.address(),
                new SessionFile(dir.resolve(".sockrepl.json"))
                        .read()
                        .orElseThrow()
                        .address());
        assertEquals("{}", client.control(ControlAction.STOP));
        assertEquals(SockreplServer.Termination.STOPPED, server.awaitTermination());
        assertFalse(Files.exists(dir.resolve("s.sock")));
        assertFalse(Files.exists(dir.resolve(".sockrepl.json")));
    }

    @Test
    void tcpRequestsNeedTheTokenFromTheSessionFile() throws Exception {
        Path session = dir.resolve("tcp.json");
        try (SockreplServer tcp = SockreplServer.start(
                ServerConfig.at(Address.parse(":0")).sessionFile(session).build())) {
            Address a = tcp.address();
            assertTrue(a.port() > 0);
            String token = new SessionFile(session).read().orElseThrow().token();
            assertEquals(tcp.token(), token);
            ServerRefusedException none = assertThrows(
                    ServerRefusedException.class, () -> SockreplClient.to(a).run("get(1);"));
            assertEquals("unauthorized", none.code());
            assertEquals(
                    "unauthorized",
                    assertThrows(
                                    ServerRefusedException.class,
                                    () -> SockreplClient.to(a)
                                            .withToken("wrong")
                                            .control(ControlAction.STATUS))
                            .code());
            assertEquals(
                    "6",
                    SockreplClient.to(a).withToken(token).run("get(2 * 3);").captured());
        }
    }
}
