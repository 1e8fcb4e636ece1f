package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnostics ({@code sockrepl threads}, {@code vm} and {@code heap}, the console's
 * {@code /threads}, {@code /vm} and {@code /heap}) in JVMs that did not plan for them:
 * a real serve (a deadlock and a busy thread that snippets make), an injected JVM on each JDK, and
 * the Spring Boot fixture started with {@code java -jar}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DiagnosticsTest {

    /** Two threads that take two monitors in opposite orders, and one that spins; all daemons. */
    private static final String TROUBLE = String.join(
            "\n",
            "Object a = new Object(), b = new Object();",
            "java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);",
            "Runnable ab = () -> { synchronized (a) { both.countDown(); try { both.await(); } catch (InterruptedException e) { return; } synchronized (b) {} } };",
            "Runnable ba = () -> { synchronized (b) { both.countDown(); try { both.await(); } catch (InterruptedException e) { return; } synchronized (a) {} } };",
            "Thread t1 = new Thread(ab, \"lock-a-then-b\"), t2 = new Thread(ba, \"lock-b-then-a\");",
            "for (Thread t : new Thread[] {t1, t2,",
            "        new Thread(() -> { long x = 0; while (true) x++; }, \"busy-spinner\")}) { t.setDaemon(true); t.start(); }",
            "while (t1.getState() != Thread.State.BLOCKED || t2.getState() != Thread.State.BLOCKED) Thread.onSpinWait();",
            "get(\"in trouble\");");

    @TempDir
    Path dir;

    @Test
    void aServesThreadsShowDeadlocksFirstThenTheBusiestAndEachFilter() throws Exception {
        Process serve = Cli.serveHere(dir, "unix:" + dir.resolve("s.sock"));
        try {
            String sock = dir.resolve("s.sock").toString();
            assertEquals(new Cli.Result(0, "in trouble", ""), Cli.run(dir, TROUBLE, "run", sock));

            Cli.Result text = Cli.run(dir, "", "threads", sock, "-n", "3");
            assertEquals(0, text.code(), text.err());
            List<String> heads =
                    text.out().lines().filter(l -> !l.startsWith(" ")).toList();
            assertTrue(heads.get(0).contains("2 DEADLOCKED (shown first)"), text.out());
            assertTrue(heads.get(1).startsWith("DEADLOCKED #") && heads.get(2).startsWith("DEADLOCKED #"), text.out());
            assertTrue(text.out().contains("waiting for java.lang.Object@"), text.out());
            assertTrue(text.out().contains(", held by lock-"), text.out());
            assertTrue(heads.stream().anyMatch(l -> l.contains("\"busy-spinner\"  RUNNABLE")), text.out());

            JsonObject json = JsonParser.parseString(Cli.run(dir, "", "threads", sock, "--json", "--interval", "0.2")
                            .out())
                    .getAsJsonObject();
            assertEquals(2, json.getAsJsonArray("deadlocked").size());
            List<String> names = names(json.getAsJsonArray("lines"));
            assertEquals(
                    List.of("lock-a-then-b", "lock-b-then-a"),
                    names.subList(0, 2).stream().sorted().toList());
            JsonObject spinner = line(json, "busy-spinner");
            assertTrue(spinner.get("cpu_ms_in_interval").getAsDouble() > 0, spinner.toString());

            JsonObject blocked = JsonParser.parseString(Cli.run(dir, "", "threads", sock, "--blocked", "--json")
                            .out())
                    .getAsJsonObject();
            assertEquals(
                    List.of("lock-a-then-b", "lock-b-then-a"),
                    names(blocked.getAsJsonArray("lines")).stream().sorted().toList());

            Cli.Result one = Cli.run(dir, "", "threads", sock, "busy-spinner", "--depth", "1");
            assertEquals(0, one.code(), one.err());
            assertEquals(3, one.out().lines().count(), one.out());

            assertEquals(
                    new Cli.Result(10, "", "sockrepl: no thread named or numbered 'no-such-thread'\n"),
                    Cli.run(dir, "", "threads", sock, "no-such-thread"));
            assertEquals(
                    new Cli.Result(10, "", "sockrepl: the depth must be 0 to 1024\n"),
                    Cli.run(dir, "", "threads", sock, "--depth", "5000"));
            assertEquals(
                    2, Cli.run(dir, "", "threads", sock, "--interval", "-1").code());
            assertEquals(
                    new Cli.Result(0, "50000", ""),
                    Cli.run(
                            dir,
                            "record Needle(int i) {}\nList<Needle> hay = new ArrayList<>();\n"
                                    + "for (int i = 0; i < 50_000; i++) hay.add(new Needle(i));\nget(hay.size());",
                            "run",
                            sock));
            for (boolean live : new boolean[] {false, true}) {
                List<String> command = new ArrayList<>(List.of("heap", sock, "-n", "10000", "--json"));
                if (live) {
                    command.add("--live");
                }
                JsonObject heap = JsonParser.parseString(
                                Cli.run(dir, "", command.toArray(String[]::new)).out())
                        .getAsJsonObject();
                assertEquals(live, heap.get("live").getAsBoolean());
                long needles = 0;
                for (JsonElement r : heap.getAsJsonArray("rows")) {
                    if (r.getAsJsonObject().get("class").getAsString().endsWith("$Needle")) {
                        needles = r.getAsJsonObject().get("instances").getAsLong();
                    }
                }
                assertTrue(needles >= 50_000, live + ": " + needles + " needles in " + heap);
            }
            Cli.Result heapText = Cli.run(dir, "", "heap", sock, "-n", "3");
            assertEquals(0, heapText.code(), heapText.err());
            assertEquals(5, heapText.out().lines().count(), heapText.out());
            assertEquals(
                    new Cli.Result(10, "", "sockrepl: the limit must be 1 to 10000\n"),
                    Cli.run(dir, "", "heap", sock, "-n", "0"));
            java.nio.file.Path dumps = java.nio.file.Files.createDirectory(
                    dir.resolve("dumps"),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            java.nio.file.Path dump = dumps.resolve("app.hprof");
            Cli.Result dumped = Cli.run(dir, "", "heapdump", sock, dump.toString());
            assertEquals(0, dumped.code(), dumped.err());
            assertTrue(dumped.out().startsWith("wrote "), dumped.out());
            assertEquals(
                    "rw-------",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            java.nio.file.Files.getPosixFilePermissions(dump)));
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(dump)) {
                assertEquals(
                        "JAVA PROFILE 1.0.2",
                        new String(in.readNBytes(18), java.nio.charset.StandardCharsets.US_ASCII));
            }
            Cli.Result again = Cli.run(dir, "", "heapdump", sock, dump.toString());
            assertEquals(10, again.code(), again.toString());
            assertTrue(again.err().contains("exists; a dump never replaces a file"), again.err());
            java.nio.file.Path shared = java.nio.file.Files.createDirectory(dir.resolve("shared"));
            java.nio.file.Files.setPosixFilePermissions(
                    shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Cli.Result open = Cli.run(
                    dir, "", "heapdump", sock, shared.resolve("app.hprof").toString());
            assertEquals(10, open.code(), open.toString());
            assertTrue(open.err().contains("may be written by others"), open.err());
            assertTrue(
                    java.nio.file.Files.readString(dir.resolve("s.sock.audit.log"))
                            .contains("\"heapdump\""),
                    "heap dumps are recorded");
            for (String bad : List.of(
                    "{\"control\": \"threads\", \"v\": 2, \"args\": {\"depth\": \"deep\"}}",
                    "{\"control\": \"threads\", \"v\": 2, \"args\": {\"stack\": 1}}",
                    "{\"control\": \"vm\", \"v\": 2, \"args\": {\"properties\": {}}}",
                    "{\"control\": \"vm\", \"v\": 2, \"args\": {\"everything\": true}}",
                    "{\"control\": \"heap\", \"v\": 2, \"args\": {\"limit\": \"all\"}}",
                    "{\"control\": \"heap\", \"v\": 2, \"args\": {\"dump\": true}}")) {
                try (RawClient c = new RawClient(io.sockrepl.core.Address.unix(Path.of(sock)))) {
                    JsonObject reply = c.send(io.sockrepl.core.FrameCodec.encode(
                                    JsonParser.parseString(bad).getAsJsonObject()))
                            .reply();
                    JsonObject response = JsonParser.parseString(
                                    reply.get("response").getAsString())
                            .getAsJsonObject();
                    assertTrue(response.has("refused"), bad + " -> " + reply);
                }
            }
            assertEquals(
                    new Cli.Result(0, "in trouble", ""),
                    Cli.run(dir, "get(\"in trouble\");", "run", sock),
                    "the server goes on after all of these");
            // java.util.concurrent locks: held and deadlocked only where asked for (a heap walk)
            assertEquals(
                    new Cli.Result(0, "juc in trouble", ""),
                    Cli.run(
                            dir,
                            String.join(
                                    "\n",
                                    "var l1 = new java.util.concurrent.locks.ReentrantLock();",
                                    "var l2 = new java.util.concurrent.locks.ReentrantLock();",
                                    "var both2 = new java.util.concurrent.CountDownLatch(2);",
                                    "Runnable l12 = () -> { l1.lock(); both2.countDown(); try { both2.await(); } catch (InterruptedException e) { return; } l2.lock(); };",
                                    "Runnable l21 = () -> { l2.lock(); both2.countDown(); try { both2.await(); } catch (InterruptedException e) { return; } l1.lock(); };",
                                    "for (Thread t : new Thread[] {new Thread(l12, \"juc-1-then-2\"), new Thread(l21, \"juc-2-then-1\")}) { t.setDaemon(true); t.start(); }",
                                    "while (!l1.hasQueuedThreads() || !l2.hasQueuedThreads()) Thread.onSpinWait();",
                                    "get(\"juc in trouble\");"),
                            "run",
                            sock));
            JsonObject monitorsOnly = JsonParser.parseString(
                            Cli.run(dir, "", "threads", sock, "--json", "--interval", "0")
                                    .out())
                    .getAsJsonObject();
            assertEquals(2, monitorsOnly.getAsJsonArray("deadlocked").size(), monitorsOnly.toString());
            JsonObject withLocks = JsonParser.parseString(
                            Cli.run(dir, "", "threads", sock, "--json", "--interval", "0", "--synchronizers")
                                    .out())
                    .getAsJsonObject();
            assertEquals(4, withLocks.getAsJsonArray("deadlocked").size(), withLocks.toString());
            assertTrue(
                    line(withLocks, "juc-1-then-2")
                            .getAsJsonArray("holds")
                            .toString()
                            .contains("ReentrantLock"),
                    withLocks.toString());
        } finally {
            Cli.stop(serve);
        }
    }

    @Test
    void theConsolesThreadsCommandPrintsTheSameReportAtTheTerminalsWidth() throws Exception {
        Process serve = Cli.serveHere(dir, "unix:" + dir.resolve("s.sock"));
        Pty pty = Pty.start(dir, Cli.command("attach", dir.resolve("s.sock").toString()));
        try {
            Screen s = pty.screen();
            int at = s.await("sockrepl> ", 0);
            s.type("Thread spin = new Thread(() -> { while (true) Thread.onSpinWait(); }, \"console-spinner\");"
                    + " spin.setDaemon(true); spin.start();\r");
            at = s.await("sockrepl> ", at);
            s.type("/threads console-spinner\r");
            at = s.await("\"console-spinner\"  RUNNABLE", at);
            s.await("sockrepl> ", at);
            s.type("/threads no-such-thread\r");
            at = s.await("|  no thread named or numbered 'no-such-thread'", at);
            s.type("/vm\r");
            at = s.await("|  collectors: ", at);
            s.type("/heap\r");
            at = s.await("instances          bytes  class", at);
            s.type("/heapdump relative.hprof\r");
            at = s.await("|  the dump's path must be absolute: relative.hprof", at);
            s.type("/vm everything\r");
            s.await("|  Usage: /vm [--properties]", at);
        } finally {
            pty.close();
            Cli.stop(serve);
        }
    }

    @Test
    void anInjectedJvmOnEachJdkShowsItsThreadsOnlyOnceAServerRunsThere() throws Exception {
        for (Path jdk : Jdks.all()) {
            try (AppProcess app = AppProcess.start(
                    dir, Jdks.java(jdk, "-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()))) {
                app.await("target up");
                String pid = String.valueOf(app.pid());
                Cli.Result none = Cli.run(dir, "", "threads", pid);
                assertEquals(1, none.code(), jdk + ": " + none);
                assertTrue(none.err().contains("no sockrepl server runs in process " + pid), none.err());

                assertEquals(0, Cli.run(dir, "", "inject", pid).code());
                Cli.Result main = Cli.run(dir, "", "threads", pid, "main", "--interval", "0", "--depth", "40");
                assertEquals(0, main.code(), jdk + ": " + main.err());
                assertTrue(main.out().contains("\"main\"  "), main.out());
                assertTrue(main.out().contains("io.sockrepl.it.TargetApp.main(TargetApp.java:"), main.out());

                Cli.Result vm = Cli.run(dir, "", "vm", pid);
                assertEquals(0, vm.code(), jdk + ": " + vm.err());
                assertTrue(vm.out().contains("pid: " + pid + "\n"), vm.out());
                assertTrue(vm.out().contains("java home: " + jdk + "\n"), vm.out());
                assertTrue(vm.out().contains("command: " + TargetApp.class.getName()), vm.out());
                JsonObject props = JsonParser.parseString(Cli.run(dir, "", "vm", pid, "--properties", "--json")
                                .out())
                        .getAsJsonObject();
                assertEquals(
                        jdk.toString(),
                        props.getAsJsonObject("properties").get("java.home").getAsString());
                Cli.Result heap = Cli.run(dir, "", "heap", pid, "-n", "5");
                assertEquals(0, heap.code(), jdk + ": " + heap.err());
                assertTrue(heap.out().startsWith("all objects, unreachable ones too: "), heap.out());
            }
        }
    }

    @Test
    void theSpringBootFixtureShowsItsThreadsVmAndHeap() throws Exception {
        try (SpringApp spring = SpringApp.start(dir, Jdks.TESTS)) {
            String sock = spring.inject();
            JsonObject json = JsonParser.parseString(
                            Cli.run(dir, "", "threads", sock, "--json", "-n", "200", "--interval", "0")
                                    .out())
                    .getAsJsonObject();
            assertTrue(
                    names(json.getAsJsonArray("lines")).stream().anyMatch(n -> n.startsWith("http-nio-")),
                    json.toString());
            assertEquals(0, json.getAsJsonArray("deadlocked").size());
            JsonObject vm = JsonParser.parseString(
                            Cli.run(dir, "", "vm", sock, "--json").out())
                    .getAsJsonObject();
            assertTrue(vm.get("command").getAsString().contains("spring-app-boot.jar"), vm.toString());
            assertTrue(vm.getAsJsonObject("flags").has("MaxHeapSize"), vm.toString());
            JsonObject heap = JsonParser.parseString(
                            Cli.run(dir, "", "heap", sock, "--json", "-n", "5").out())
                    .getAsJsonObject();
            assertEquals(5, heap.getAsJsonArray("rows").size(), heap.toString());
            assertTrue(heap.get("classes").getAsInt() > 1000, heap.toString());
        }
    }

    private static List<String> names(JsonArray lines) {
        List<String> names = new ArrayList<>();
        for (JsonElement e : lines) {
            names.add(e.getAsJsonObject().get("name").getAsString());
        }
        return names;
    }

    private static JsonObject line(JsonObject report, String name) {
        for (JsonElement e : report.getAsJsonArray("lines")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }
}
