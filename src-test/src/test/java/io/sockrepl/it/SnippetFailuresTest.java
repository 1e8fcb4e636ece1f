package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snippets that exhaust the heap or the stack, or leave a non-daemon thread behind, against a real
 * `sockrepl serve` with a small heap: the server keeps serving, other clients are answered, and
 * `stop` still ends it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SnippetFailuresTest {

    @TempDir
    Path dir;

    Process server;
    final ExecutorService clients = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void heapAndStackExhaustionLeaveTheServerServingAndStopStillEndsIt() throws Exception {
        server = Cli.serve(
                dir,
                dir.resolve("serve.log"),
                Map.of("SOCKREPL_JAVA_OPTS", "-Xmx160m"),
                "unix:" + dir.resolve("s.sock"));
        Cli.awaitServer(dir.resolve(".sockrepl.json"), server);
        SockreplClient client = SockreplClient.to(Address.unix(dir.resolve("s.sock")));

        SnippetResult deep = client.run("int down(int n) { return down(n + 1) + 1; }\ndown(0);");
        assertEquals(Outcome.EXCEPTION, deep.status());
        assertTrue(deep.exception().startsWith("java.lang.StackOverflowError"), deep.exception());

        CompletableFuture<SnippetResult> hog = CompletableFuture.supplyAsync(
                () -> call(
                        client,
                        // a block: a top-level declaration would be a JShell variable that keeps the heap full
                        "{\n    List<long[]> hog = new ArrayList<>();\n    while (true) hog.add(new long[1 << 20]);\n}"),
                clients);
        CompletableFuture<SnippetResult> other =
                CompletableFuture.supplyAsync(() -> call(client, "get(\"answered\");"), clients);
        SnippetResult oom = hog.get(120, TimeUnit.SECONDS);
        assertEquals(Outcome.EXCEPTION, oom.status());
        assertTrue(oom.exception().startsWith("java.lang.OutOfMemoryError"), oom.exception());
        assertEquals("answered", other.get(120, TimeUnit.SECONDS).captured(), "the client queued behind it");
        assertEquals("still serving", client.run("get(\"still serving\");").captured());

        assertEquals(
                Outcome.OK,
                client.run("Thread keeper = new Thread(() -> {\n"
                                + "    while (true) { try { Thread.sleep(1000); } catch (InterruptedException e) { } }\n"
                                + "});\nkeeper.start();")
                        .status());
        assertEquals(0, Cli.run(dir, "", "stop").code());
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "a non-daemon thread left by a snippet keeps nothing alive");
        assertEquals(0, server.exitValue());
    }

    /**
     * A ThreadDeath the snippet throws itself is its exception, compiled or run again (JShell's
     * engine takes any ThreadDeath for a stop); a loader that does not exist is an error.
     */
    @Test
    void aSnippetsOwnThreadDeathIsAnExceptionAndAnUnknownLoaderAnError() throws Exception {
        server = Cli.serve(dir, dir.resolve("serve.log"), "unix:" + dir.resolve("s.sock"));
        Cli.awaitServer(dir.resolve(".sockrepl.json"), server);
        SockreplClient client = SockreplClient.to(Address.unix(dir.resolve("s.sock")));

        SnippetResult thrown = client.run("throw new ThreadDeath();");
        assertEquals(Outcome.EXCEPTION, thrown.status(), thrown.exception());
        assertTrue(thrown.exception().startsWith("java.lang.ThreadDeath\n"), thrown.exception());

        client.run("boolean die = false;");
        String maybe = "if (die) throw new ThreadDeath();\nget(\"alive\");";
        assertEquals("alive", client.run(maybe).captured());
        assertEquals("alive", client.run(maybe).captured(), "run again without compiling");
        client.run("die = true;");
        SnippetResult rerun = client.run(maybe);
        assertEquals(Outcome.EXCEPTION, rerun.status(), rerun.exception());
        assertTrue(rerun.exception().startsWith("java.lang.ThreadDeath"), rerun.exception());

        SnippetResult noLoader = client.run("get(1);", Duration.ofSeconds(30), "no.such.Type");
        assertEquals(Outcome.EXCEPTION, noLoader.status());
        assertEquals("no class loader of this JVM has loaded a class named no.such.Type\n", noLoader.exception());
        assertEquals("2", client.run("get(1 + 1);").captured());
    }

    /**
     * Throws until HotSpot's compiled code throws its preallocated exception (no message, no
     * stack), then throws that; gives up after {@code tries} with the last one.
     */
    static String throwUntilPreallocated(int tries) {
        return "int at(int[] a) { return a[5]; }\n"
                + "RuntimeException last = null;\n"
                + "for (int i = 0; i < " + tries + " && (last == null || last.getMessage() != null); i++) {\n"
                + "    try { at(new int[1]); } catch (ArrayIndexOutOfBoundsException e) { last = e; }\n"
                + "}\n"
                + "throw last;";
    }

    @Test
    void exceptionsKeepTheirMessageInServeAndSayWhyNotInAJvmThatDropsIt() throws Exception {
        server = Cli.serve(dir, dir.resolve("serve.log"), "unix:" + dir.resolve("s.sock"));
        Cli.awaitServer(dir.resolve(".sockrepl.json"), server);
        SnippetResult served =
                SockreplClient.to(Address.unix(dir.resolve("s.sock"))).run(throwUntilPreallocated(300_000));
        assertTrue(
                served.exception().startsWith("java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds"),
                "serve's JVM keeps every exception's message: " + served.exception());

        try (AppProcess target = startTarget()) {
            SnippetResult injected = injectInto(target).run(throwUntilPreallocated(20_000_000));
            assertTrue(
                    injected.exception()
                            .startsWith("java.lang.ArrayIndexOutOfBoundsException\n\t(no message and no "
                                    + "stack: this JVM throws a preallocated exception"),
                    injected.exception());
        }
    }

    /**
     * A thread a snippet starts has its state's snippet loader as context loader. In an
     * application (where no loader was given) that thread once made the next snippet's loader
     * choice fall on it, and the snippet ran in a new, empty state.
     */
    @Test
    void aThreadASnippetLeavesRunningInAnApplicationKeepsTheStateWhereItWas() throws Exception {
        try (AppProcess target = startTarget()) {
            SockreplClient client = injectInto(target);
            assertEquals("", client.run("int kept = 5;").exception());
            assertEquals(
                    "",
                    client.run("Thread left = new Thread(() -> {\n"
                                    + "    try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException e) { }\n"
                                    + "});\nleft.setDaemon(false);\nleft.start();")
                            .exception());
            SnippetResult next = client.run("get(kept + 1);");
            assertEquals("6", next.captured(), next.exception());
            assertEquals(
                    "true",
                    client.run("get(Thread.currentThread().getContextClassLoader().getParent()"
                                    + " == ClassLoader.getSystemClassLoader());")
                            .captured(),
                    "snippets still run on the application's loader");
        }
    }

    /**
     * JDK 17's JShell engine made its own handler the JVM's default on every run, so an
     * application thread that died of an exception after any snippet had run died silently.
     */
    @Test
    void anApplicationThreadThatDiesAfterSnippetsRanReachesTheApplicationsHandler() throws Exception {
        try (AppProcess target = startTarget()) {
            SockreplClient client = injectInto(target);
            // the handler the application would have set at its start
            assertEquals(
                    "",
                    client.run("Thread.setDefaultUncaughtExceptionHandler((t, e) ->"
                                    + " System.setProperty(\"app.saw\", t.getName() + \": \" + e.getMessage()));")
                            .exception());
            assertEquals("", client.run("int unrelated = 1;").exception());
            // one unit, so that the thread dies while a snippet runs: a thread of the application's group
            SnippetResult died = client.run("{\n"
                    + "    ThreadGroup app = Thread.currentThread().getThreadGroup().getParent();\n"
                    + "    Thread worker = new Thread(app, () -> { throw new IllegalStateException(\"boom\"); }, \"app-worker\");\n"
                    + "    worker.start();\n"
                    + "    worker.join();\n"
                    + "}\n"
                    + "get(System.getProperty(\"app.saw\"));");
            assertEquals("app-worker: boom", died.captured(), died.exception());
        }
    }

    /** Such output went to the application's own stdout once the request that started the thread had ended. */
    @Test
    void whatAThreadASnippetLeftPrintsGoesToTheServersLogNotTheApplications() throws Exception {
        try (AppProcess target = startTarget()) {
            SockreplClient client = injectInto(target);
            assertEquals(
                    "",
                    client.run("java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);\n"
                                    + "Thread worker = new Thread(() -> {\n"
                                    + "    try { go.await(); } catch (InterruptedException e) { }\n"
                                    + "    System.out.println(\"late from a thread\");\n"
                                    + "}, \"left-behind\");\n"
                                    + "worker.start();")
                            .exception());
            // the request that started it has ended; this one lets it print and waits until it has
            assertEquals("", client.run("go.countDown();\nworker.join();").exception());
            String log = java.nio.file.Files.readString(dir.resolve("injected.sock.log"));
            assertTrue(
                    log.contains("(thread left-behind, after its request ended): late from a thread"),
                    "the server's log has it: " + log);
            assertFalse(target.output().contains("late from a thread"), "the application's output: " + target.output());
        }
    }

    private AppProcess startTarget() throws java.io.IOException {
        return AppProcess.start(
                dir, AppProcess.java("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()));
    }

    private SockreplClient injectInto(AppProcess target) throws Exception {
        target.await("target up");
        Path sock = dir.resolve("injected.sock");
        Cli.Result injected = Cli.run(dir, "", "inject", String.valueOf(target.pid()), sock.toString());
        assertEquals(0, injected.code(), injected.err());
        return SockreplClient.to(Address.unix(sock));
    }

    private static SnippetResult call(SockreplClient client, String source) {
        try {
            return client.run(source);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
