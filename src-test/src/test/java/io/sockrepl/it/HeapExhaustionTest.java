package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.SocketConnector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variable that holds the heap full while clients keep connecting: nothing the server does per
 * connection may crash the JVM (junixsocket's native accept and peer credentials did, with
 * SIGSEGV), and once the variable is dropped the server answers as before. In serve's JVM and in
 * an application's.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HeapExhaustionTest {

    private static final int ROUNDS = 3;
    private static final int CONNECTING_THREADS = 8;
    /** How long clients keep connecting while the heap is full. */
    private static final int HOLD_SECONDS = 10;

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Process server;

    @AfterEach
    void end() throws InterruptedException {
        threads.shutdownNow();
        Cli.stop(server);
    }

    /** Fills the heap to the last few bytes and leaves it so: {@code keep} holds it all. */
    private static final String FILL_THE_HEAP = "for (int size = 1 << 20; size > 0; size /= 2) {\n"
            + "    try { while (true) keep.add(new byte[size]); } catch (OutOfMemoryError full) { }\n"
            + "}";

    /** Run once before the heap is full: again, it runs without a compiler, and fails. */
    private static final String GROW = "keep.add(new byte[1 << 20]);";

    /** Run once before the heap is full, so that it runs again without being compiled. */
    private static final String DROP = "keep.clear();";

    @Test
    void serveSurvivesClientsThatKeepConnectingWhileTheHeapIsFull() throws Exception {
        Path sock = dir.resolve("s.sock");
        SockreplClient client = serve(sock, "-Xmx96m -XX:ErrorFile=" + dir.resolve("hs_err_%p.log"));
        // a declaration that no round touches: tells a lost state from a lost `keep`
        assertEquals("", client.run("int sentinel = 7;").exception());
        String pid = client.run("get(ProcessHandle.current().pid());").captured();
        for (int round = 1; round <= ROUNDS; round++) {
            exhaustWhileConnecting(client, Address.unix(sock), "round " + round);
        }
        assertEquals(List.of(), crashReports(), "no JVM crashed");
        assertEquals(List.of(), crashReports(), "no JVM crashed");
        assertEquals(pid, client.run("get(ProcessHandle.current().pid());").captured(), "the same JVM answers");
    }

    @Test
    void anApplicationSurvivesClientsThatKeepConnectingToItsGuestWhileTheHeapIsFull() throws Exception {
        try (AppProcess target = AppProcess.start(
                dir,
                AppProcess.java(
                        "-Xmx96m",
                        "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                        "-cp",
                        AppProcess.classPathOf(TargetApp.class),
                        TargetApp.class.getName()))) {
            target.await("target up");
            Path sock = dir.resolve("injected.sock");
            Cli.Result injected = Cli.run(dir, "", "inject", String.valueOf(target.pid()), sock.toString());
            assertEquals(0, injected.code(), injected.err());
            SockreplClient client = SockreplClient.to(Address.unix(sock));
            for (int round = 1; round <= 2; round++) {
                exhaustWhileConnecting(client, Address.unix(sock), "round " + round);
                assertTrue(target.isAlive(), "the application still runs after round " + round);
            }
            assertEquals(List.of(), crashReports(), "no JVM crashed");
        }
    }

    /**
     * JShell keeps a variable's value in the class of its declaration, and keeps the class when
     * the variable is declared again or dropped: six 32 MiB values in a 160 MiB heap, one at a
     * time, by declaration and as the value of an expression.
     */
    @Test
    void aVariableDeclaredAgainOrAnExpressionsValueHoldsNothingOfTheOldValue() throws Exception {
        SockreplClient client = serve(dir.resolve("s.sock"), "-Xmx160m");
        for (int i = 1; i <= 6; i++) {
            SnippetResult declared = client.run("byte[] big = new byte[(32 << 20) + " + i + "];");
            assertEquals("", declared.exception(), "declaration " + i);
        }
        assertEquals(
                String.valueOf((32 << 20) + 6), client.run("get(big.length);").captured());
        for (int i = 1; i <= 6; i++) {
            SnippetResult expression = client.run("new byte[(32 << 20) + " + (10 + i) + "];");
            assertEquals("", expression.exception(), "expression " + i);
        }
        // declared again just as it was: JShell reuses the class, and the new value is what stays
        client.run("List<String> kept = new ArrayList<>(List.of(\"first\"));");
        client.run("List<String> kept = new ArrayList<>(List.of(\"first\"));");
        assertEquals("[first]", client.run("get(kept);").captured());
    }

    /**
     * A console whose snippet ran out of memory says which variables hold the heap, and
     * {@code /drop} lets go of one; while the heap is full, {@code status} names them too.
     */
    @Test
    void aFullHeapIsSaidWithTheVariablesThatHoldItAndDropFreesThem() throws Exception {
        Path sock = dir.resolve("s.sock");
        // the batch state, made and its requests compiled while there is room
        SockreplClient client = serve(sock, "-Xmx96m");
        assertEquals("", client.run("List<byte[]> keep = new ArrayList<>();").exception());
        assertEquals("", client.run(GROW).exception());
        assertEquals("", client.run(DROP).exception());
        try (RawClient terminal = new RawClient(Address.unix(sock))) {
            Screen console = new Screen(terminal.socket.getInputStream(), terminal.socket.getOutputStream());
            int at = console.await("sockrepl> ", 0);
            console.type("List<byte[]> hoard = new ArrayList<>();\r");
            at = console.await("sockrepl> ", at);
            console.type("while (true) hoard.add(new byte[1 << 20]);\r");
            at = console.await("java.lang.OutOfMemoryError", at);
            at = console.await("The heap is full. What holds the most of it:", at);
            at = console.await("List<byte[]> hoard", at);
            at = console.await("this session", at);
            at = console.await("sockrepl> ", at);

            String status = statusWhileFull(client);
            assertTrue(status.contains("\"name\":\"hoard\"") && status.contains("\"state\":\"console session"), status);
            assertTrue(status.contains("\"name\":\"keep\"") && status.contains("\"state\":\"batch requests\""), status);
            assertTrue(
                    status.indexOf("\"name\":\"hoard\"") < status.indexOf("\"name\":\"keep\""),
                    "the largest first: " + status);

            console.type("/drop hoard\r");
            at = console.await("dropped variable hoard", at);
            console.type("new byte[8 << 20].length\r");
            console.await("==> 8388608", at);
        }
    }

    /** Starts `sockrepl serve` on {@code sock} with these JVM options, and a client of it once it serves. */
    private SockreplClient serve(Path sock, String javaOptions) throws Exception {
        server = Cli.serve(dir, dir.resolve("serve.log"), Map.of("SOCKREPL_JAVA_OPTS", javaOptions), "unix:" + sock);
        Cli.awaitServer(dir.resolve(".sockrepl.json"), server);
        return SockreplClient.to(Address.unix(sock));
    }

    /** {@code sockrepl status --json} once it says the heap is full; its reply may fail before. */
    private String statusWhileFull(SockreplClient client) throws Exception {
        String last = "";
        for (int i = 0; i < 20; i++) {
            Cli.Result status = Cli.run(dir, "", "status", "--json");
            last = status.out() + status.err();
            if (status.code() == 0 && status.out().contains("\"heap_full\":true")) {
                return status.out();
            }
            // an OutOfMemoryError that reaches the server is what tells it the heap is full
            run(client, GROW);
        }
        throw new AssertionError("status never said the heap is full: " + last);
    }

    private void exhaustWhileConnecting(SockreplClient client, Address address, String round) throws Exception {
        assertEquals("", client.run("List<byte[]> keep = new ArrayList<>();").exception(), round + ": declares keep");
        assertEquals("", client.run(DROP).exception());
        run(client, FILL_THE_HEAP);
        AtomicLong connections = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLD_SECONDS);
        List<Future<?>> connecting = new ArrayList<>();
        for (int i = 0; i < CONNECTING_THREADS; i++) {
            connecting.add(threads.submit(() -> {
                while (System.nanoTime() < end) {
                    try (SocketChannel channel = SocketConnector.openChannel(address, 1000)) {
                        if (connections.incrementAndGet() % 4 == 0) {
                            channel.write(ByteBuffer.wrap(new byte[] {0}));
                        }
                    } catch (IOException refusedOrReset) {
                        // the server may refuse or drop a connection it has no memory for
                    }
                }
            }));
        }
        for (Future<?> f : connecting) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertTrue(connections.get() > CONNECTING_THREADS, round + ": clients connected " + connections + " times");
        String failed = drop(client);
        if (failed != null) {
            SnippetResult sentinel = run(client, "get(sentinel);");
            throw new AssertionError(round + ": the variable that holds the heap could not be dropped (" + failed
                    + "); the untouched declaration: "
                    + (sentinel == null ? "no reply" : sentinel.captured() + sentinel.exception())
                    + "; crash reports: " + crashReports() + crashedThreads()
                    + "\nthe supervisor said:\n" + lastLines(dir.resolve("serve.log"))
                    + "\nthe server's log ends:\n" + lastLines(dir.resolve("s.sock.log")));
        }
        assertEquals("7", client.run("get(3 + 4);").captured(), round + ": answers once the heap is free");
    }

    /**
     * Tries {@link #DROP} until it runs: while the heap is full, the request itself may fail.
     *
     * @return null once it ran, else how the last try failed
     */
    private static String drop(SockreplClient client) {
        String last = null;
        for (int i = 0; i < 50; i++) {
            SnippetResult dropped = run(client, DROP);
            if (dropped != null && dropped.exception().isEmpty()) {
                return null;
            }
            last = dropped == null ? "no reply" : dropped.status() + ": " + dropped.exception();
        }
        return last;
    }

    /** The reply, or null when the server closed the connection without one (it had no memory for it). */
    private static SnippetResult run(SockreplClient client, String snippet) {
        try {
            return client.run(snippet);
        } catch (IOException e) {
            return null;
        }
    }

    private static String lastLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no " + log.getFileName() + ")";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Of each crash report, the thread that crashed and its frames: what to fix. */
    private String crashedThreads() throws IOException {
        StringBuilder frames = new StringBuilder();
        for (Path report : crashReports()) {
            List<String> lines = Files.readAllLines(report);
            int from = Math.max(
                    0,
                    lines.indexOf(lines.stream()
                            .filter(l -> l.startsWith("Current thread"))
                            .findFirst()
                            .orElse("")));
            frames.append("\n").append(String.join("\n", lines.subList(from, Math.min(lines.size(), from + 60))));
        }
        return frames.toString();
    }

    private List<Path> crashReports() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err"))
                    .toList();
        }
    }
}
