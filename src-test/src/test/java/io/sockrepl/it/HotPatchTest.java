package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reaching into JVMs that are already running: the demo service, and a JVM with no sockrepl. */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HotPatchTest {

    @TempDir
    Path dir;

    final List<AppProcess> processes = new ArrayList<>();
    Pty pty;

    @AfterEach
    void stop() throws Exception {
        if (pty != null) {
            pty.close();
        }
        for (AppProcess p : processes) {
            p.close();
        }
    }

    /** Starts a JVM and waits for a line of its output matching {@code ready}; returns the match. */
    private Matcher start(List<String> command, String ready) throws Exception {
        AppProcess p = AppProcess.start(dir, command);
        processes.add(p);
        return p.await(ready);
    }

    private static String http(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body()
                .strip();
    }

    @Test
    void changingALiveObjectThroughABindingChangesTheServicesAnswer() throws Exception {
        List<String> demo =
                Cli.command("demo", "--port", "0", dir.resolve("demo.sock").toString());
        String url = start(demo, "HTTP on (http://\\S+)").group(1);
        assertEquals("coffee costs 3.50", http(url));
        Cli.Result r = Cli.run(dir, "prices.set(\"coffee\", 2.25); get(prices.price(\"coffee\"));");
        assertEquals("2.25", r.out(), r.err());
        assertEquals("coffee costs 2.25", http(url));
    }

    @Test
    void redefiningAMethodChangesRunningCodeAndARefusedOneChangesNothing() throws Exception {
        List<String> demo =
                Cli.command("demo", "--port", "0", dir.resolve("demo.sock").toString());
        String url = start(demo, "HTTP on (http://\\S+)").group(1);
        String original =
                java.nio.file.Files.readString(Path.of("../examples/src/main/java/io/sockrepl/demo/PriceList.java"));
        String quote = "return item + \" costs \" + String.format(Locale.ROOT, \"%.2f\", price(item));";
        assertTrue(original.contains(quote), "the demo's quote() is where this test expects it");

        String ask = "get(prices.quote(\"coffee\"));";
        assertEquals(http(url), Cli.run(dir, ask).out());
        assertEquals(http(url), Cli.run(dir, ask).out(), "asked again, it runs without compiling");

        Path patched = dir.resolve("PriceList.java");
        java.nio.file.Files.writeString(patched, original.replace(quote, "return item + \" is on the house today\";"));
        Cli.Result ok = Cli.run(dir, "", "redefine", patched.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals("redefined [\"io.sockrepl.demo.PriceList\"]\n", ok.out());
        assertEquals("coffee is on the house today", http(url));
        assertEquals("coffee is on the house today", Cli.run(dir, ask).out(), "never a stale answer");

        Path refused = dir.resolve("refused").resolve("PriceList.java");
        java.nio.file.Files.createDirectories(refused.getParent());
        java.nio.file.Files.writeString(
                refused,
                original.replace(
                        "public synchronized double price(String item) {",
                        "public int extra() { return 1; }\n\n    public synchronized double price(String item) {"));
        Cli.Result no = Cli.run(dir, "", "redefine", refused.toString());
        assertEquals(10, no.code());
        assertTrue(no.err().contains("adds method int extra()"), no.err());
        assertEquals("coffee is on the house today", http(url), "the running version is untouched");

        Cli.Result broken = Cli.run(dir, "", "redefine", writeBroken());
        assertEquals(10, broken.code());
        assertTrue(broken.err().contains("PriceList.java:1: error:"), broken.err());
    }

    @Test
    void aPatchHoldsThroughAnotherAgentsRetransformation() throws Exception {
        String url = startDemo();
        // another agent, before the patch: a retransformation-capable transformer that changes
        // nothing (a tracer's, for a class it does not trace) and a retransformation of the class,
        // then the transformer removed; the JVM keeps the class's bytes as they were then
        String other = String.join(
                "\n",
                "var inst = io.sockrepl.server.agent.Instrumentations.get();",
                "java.lang.instrument.ClassFileTransformer tracer = new java.lang.instrument.ClassFileTransformer() {",
                "    public byte[] transform(ClassLoader l, String n, Class<?> c, java.security.ProtectionDomain d,",
                "            byte[] b) { return null; }",
                "};",
                "inst.addTransformer(tracer, true);",
                "inst.retransformClasses(io.sockrepl.demo.PriceList.class);",
                "inst.removeTransformer(tracer);",
                "get(\"traced\");");
        String again = "inst.addTransformer(tracer, true); inst.retransformClasses(io.sockrepl.demo.PriceList.class);"
                + " inst.removeTransformer(tracer); get(\"again\");";
        assertEquals(new Cli.Result(0, "traced", ""), Cli.run(dir, other));
        patchQuoteToFree();
        assertEquals("coffee is free", http(url));

        assertEquals(new Cli.Result(0, "again", ""), Cli.run(dir, again));
        assertEquals("coffee is free", http(url), "the other agent's retransformation starts from the patch");
        assertEquals(0, Cli.run(dir, "", "revert", "io.sockrepl.demo.PriceList").code());
        assertEquals(new Cli.Result(0, "again", ""), Cli.run(dir, again));
        assertEquals("coffee costs 3.50", http(url), "and from the original once reverted");
    }

    @Test
    void aRevertThatAnotherAgentUndoesIsNotReportedAsDone() throws Exception {
        String url = startDemo();
        // another agent's transformer: it keeps the first bytes it sees redefined, and hands them back ever after
        String keeper = String.join(
                "\n",
                "var inst = io.sockrepl.server.agent.Instrumentations.get();",
                "byte[][] kept = new byte[1][];",
                "java.lang.instrument.ClassFileTransformer keeper = new java.lang.instrument.ClassFileTransformer() {",
                "    public byte[] transform(ClassLoader l, String n, Class<?> c, java.security.ProtectionDomain d,",
                "            byte[] b) {",
                "        if (c == null || !n.equals(\"io/sockrepl/demo/PriceList\")) return null;",
                "        if (kept[0] == null) { kept[0] = b.clone(); return null; }",
                "        return kept[0];",
                "    }",
                "};",
                "inst.addTransformer(keeper, false);",
                "get(\"added\");");
        assertEquals(new Cli.Result(0, "added", ""), Cli.run(dir, keeper));
        patchQuoteToFree();
        assertEquals("coffee is free", http(url));

        Cli.Result undone = Cli.run(dir, "", "revert", "io.sockrepl.demo.PriceList");
        assertEquals(10, undone.code(), undone.out());
        assertTrue(undone.err().contains("another agent's class-file transformer changed them"), undone.err());
        assertEquals("coffee is free", http(url), "the patch still runs, as the refusal says");
        assertTrue(Cli.run(dir, "", "patches").out().contains("io.sockrepl.demo.PriceList"), "and it stays listed");

        assertEquals(
                new Cli.Result(0, "removed", ""), Cli.run(dir, "inst.removeTransformer(keeper); get(\"removed\");"));
        assertEquals(0, Cli.run(dir, "", "revert", "io.sockrepl.demo.PriceList").code());
        assertEquals("coffee costs 3.50", http(url));
    }

    @Test
    void runSourceRedefinePatchesAndRevertAnswerInJsonForScripts() throws Exception {
        startDemo();
        assertTrue(
                java.nio.file.Files.readString(dir.resolve("demo.sock.log")).contains("listening on"),
                "the demo's server logs next to its socket");
        JsonObject ok = json(Cli.run(dir, "", "run", "--json", "-e", "System.out.println(\"hi\"); get(6 * 7);"), 0);
        assertEquals("42", ok.get("captured").getAsString());
        assertEquals("hi\n", ok.get("stdout").getAsString());
        assertEquals("ok", ok.get("status").getAsString());
        assertTrue(ok.get("duration_ms").getAsLong() >= 0, ok.toString());
        JsonObject failed =
                json(Cli.run(dir, "", "run", "--json", "-e", "throw new IllegalStateException(\"no\");"), 10);
        assertEquals("exception", failed.get("status").getAsString());
        assertTrue(
                failed.get("exception").getAsString().startsWith("java.lang.IllegalStateException: no"),
                failed.toString());

        JsonObject source = json(Cli.run(dir, "", "source", "--json", "io.sockrepl.demo.PriceList"), 0);
        assertTrue(source.get("source").getAsString().contains("class PriceList"), source.toString());
        assertTrue(source.get("problems").isJsonNull(), source.toString());

        JsonObject redefined =
                json(Cli.run(dir, "", "redefine", "--json", freePriceList().toString()), 0);
        assertEquals(
                "[\"io.sockrepl.demo.PriceList\"]", redefined.get("redefined").toString());
        JsonObject patches = json(Cli.run(dir, "", "patches", "--json"), 0);
        assertEquals(
                "io.sockrepl.demo.PriceList",
                patches.getAsJsonArray("patches")
                        .get(0)
                        .getAsJsonObject()
                        .get("class")
                        .getAsString());
        JsonObject reverted = json(Cli.run(dir, "", "revert", "--json", "--all"), 0);
        assertEquals(
                "[\"io.sockrepl.demo.PriceList\"]", reverted.get("reverted").toString());

        Cli.Result refused = Cli.run(dir, "", "revert", "--json", "--all");
        assertEquals(10, refused.code());
        assertEquals("", refused.out(), "an error that ends the command is one line on stderr: " + refused.err());
        assertTrue(
                !processes.get(0).output().contains(" INFO "),
                "the demo's terminal: " + processes.get(0).output());
    }

    @Test
    void stoppingAServerThatLeavesPatchesInPlaceSaysSo() throws Exception {
        startDemo();
        patchQuoteToFree();
        Cli.Result stop = Cli.run(dir, "", "stop");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(
                stop.err()
                        .contains("1 class keeps running its patch, which no later server can revert "
                                + "(io.sockrepl.demo.PriceList)"),
                stop.err());
    }

    /** The one JSON object a command printed, having checked its exit code. */
    private static JsonObject json(Cli.Result r, int code) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /** Starts the demo service; returns its URL. */
    private String startDemo() throws Exception {
        List<String> demo =
                Cli.command("demo", "--port", "0", dir.resolve("demo.sock").toString());
        return start(demo, "HTTP on (http://\\S+)").group(1);
    }

    /** Redefines the demo's PriceList so that every item is free. */
    private void patchQuoteToFree() throws Exception {
        assertEquals(0, Cli.run(dir, "", "redefine", freePriceList().toString()).code());
    }

    /** The demo's PriceList.java, edited so that every item is free. */
    private Path freePriceList() throws Exception {
        String original =
                java.nio.file.Files.readString(Path.of("../examples/src/main/java/io/sockrepl/demo/PriceList.java"));
        String quote = "return item + \" costs \" + String.format(Locale.ROOT, \"%.2f\", price(item));";
        Path patched = dir.resolve("PriceList.java");
        java.nio.file.Files.writeString(patched, original.replace(quote, "return item + \" is free\";"));
        return patched;
    }

    private String writeBroken() throws Exception {
        Path p = dir.resolve("broken").resolve("PriceList.java");
        java.nio.file.Files.createDirectories(p.getParent());
        java.nio.file.Files.writeString(p, "package io.sockrepl.demo; public class PriceList { int x = ; }");
        return p.toString();
    }

    @Test
    void aPidStandsForAnAddressAndPsFindsTheServerInIt() throws Exception {
        Path runtime = java.nio.file.Files.createDirectories(dir.resolve("runtime"));
        java.util.Map<String, String> env = java.util.Map.of("XDG_RUNTIME_DIR", runtime.toString());
        start(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        AppProcess.classPathOf(TargetApp.class),
                        TargetApp.class.getName()),
                "target up");
        String pid = String.valueOf(processes.get(0).pid());
        Path socket = runtime.resolve("sockrepl").resolve(pid + ".sock");

        Cli.Result before = Cli.run(dir, env, "", "ps");
        assertEquals(0, before.code(), before.err());
        assertTrue(
                before.out().lines().anyMatch(l -> l.matches(pid + " +- +" + TargetApp.class.getName())), before.out());

        String read = "get(" + TargetApp.class.getName() + ".STATE.get());";
        Cli.Result first = Cli.run(dir, env, "", "run", pid, "-e", read);
        assertEquals(
                new Cli.Result(0, "41", "sockrepl: injected into process " + pid + "; serving on " + socket + "\n"),
                first,
                "injected on first use, into a directory of the user's own");
        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(socket.getParent())));
        assertEquals(
                new Cli.Result(0, "41", ""),
                Cli.run(dir, env, "", "run", pid, "-e", read),
                "found, not injected again");

        Cli.Result after = Cli.run(dir, env, "", "ps");
        assertTrue(
                after.out()
                        .lines()
                        .anyMatch(l -> l.matches(pid + " +" + java.util.regex.Pattern.quote(socket.toString()) + " +"
                                + TargetApp.class.getName())),
                after.out());

        JsonObject listed = JsonParser.parseString(
                        Cli.run(dir, env, "", "ps", "--json").out())
                .getAsJsonObject();
        JsonObject row = null;
        for (var e : listed.getAsJsonArray("jvms")) {
            if (e.getAsJsonObject().get("pid").getAsString().equals(pid)) {
                row = e.getAsJsonObject();
            }
        }
        assertTrue(row != null, listed.toString());
        assertEquals(socket.toString(), row.get("sockrepl").getAsString());
        assertEquals(TargetApp.class.getName(), row.get("main").getAsString());

        // what JVMs that are gone left: the socket goes at once, logs after a month without a line
        Path gone = socket.getParent();
        Path staleSocket = java.nio.file.Files.writeString(gone.resolve("999999999.sock"), "");
        Path oldLog = java.nio.file.Files.writeString(gone.resolve("999999999.sock.log"), "old\n");
        java.nio.file.Files.setLastModifiedTime(
                oldLog,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(40))));
        Path recentAudit = java.nio.file.Files.writeString(gone.resolve("999999999.sock.audit.log"), "{}\n");
        Path other = java.nio.file.Files.writeString(gone.resolve("notes.txt"), "mine");
        assertEquals(0, Cli.run(dir, env, "", "ps").code());
        assertTrue(!java.nio.file.Files.exists(staleSocket) && !java.nio.file.Files.exists(oldLog), "swept");
        assertTrue(java.nio.file.Files.exists(recentAudit), "a recent record of a JVM that is gone stays");
        assertTrue(java.nio.file.Files.exists(other) && java.nio.file.Files.exists(socket), "the rest is left alone");

        Cli.Result nobody = Cli.run(dir, env, "", "run", "999999999", "-e", read);
        assertEquals(new Cli.Result(1, "", "sockrepl: no such process: 999999999\n"), nobody);
    }

    @Test
    void injectIntoAJvmStartedWithoutSockrepl() throws Exception {
        String classes = AppProcess.classPathOf(TargetApp.class);
        start(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classes,
                        TargetApp.class.getName()),
                "target up");
        long pid = processes.get(0).pid();

        Cli.Result inject = Cli.run(dir, "", "inject", String.valueOf(pid));
        assertEquals(0, inject.code(), inject.err());
        assertTrue(
                inject.out()
                        .startsWith("injected sockrepl into process " + pid + "; serving on "
                                + dir.resolve("sockrepl-" + pid + ".sock")),
                inject.out());

        Cli.Result read = Cli.run(dir, "get(" + TargetApp.class.getName() + ".STATE.incrementAndGet());");
        assertEquals(new Cli.Result(0, "42", ""), read, "the snippet reads and changes the target's state");

        Cli.Result again = Cli.run(dir, "", "inject", String.valueOf(pid));
        assertEquals(0, again.code());
        assertTrue(again.out().contains("already runs sockrepl on"), again.out());
        assertEquals(
                "43",
                Cli.run(dir, "get(" + TargetApp.class.getName() + ".STATE.incrementAndGet());")
                        .out());

        String sock = dir.resolve("sockrepl-" + pid + ".sock").toString();
        assertEquals(0, Cli.run(dir, "", "stop", sock).code());
        Cli.Result fresh = Cli.run(dir, "", "inject", String.valueOf(pid));
        assertEquals(0, fresh.code(), fresh.err());
        assertTrue(
                fresh.out().startsWith("injected sockrepl into process " + pid),
                "a stopped guest leaves room for a " + "fresh one: " + fresh.out());
        assertEquals(
                new Cli.Result(0, "44", ""),
                Cli.run(
                        dir,
                        "",
                        "run",
                        String.valueOf(pid),
                        "-e",
                        "get(" + TargetApp.class.getName() + ".STATE.incrementAndGet());"),
                "run PID answers from the fresh server");
        assertEquals(0, Cli.run(dir, "", "stop", sock).code());
        Cli.Result again2 = Cli.run(
                dir,
                "",
                "run",
                String.valueOf(pid),
                "-e",
                "get(" + TargetApp.class.getName() + ".STATE.incrementAndGet());");
        assertEquals(0, again2.code(), again2.err());
        assertEquals("45", again2.out(), "run PID injects again after a stop");
        assertTrue(again2.err().startsWith("sockrepl: injected into process " + pid), again2.err());
        assertEquals(0, Cli.run(dir, "", "stop", String.valueOf(pid)).code());
    }

    @Test
    void theConsoleWorksInAnInjectedJvmAndLeavesWithExitCodeZero() throws Exception {
        start(AppProcess.java("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()), "target up");
        long pid = processes.get(0).pid();
        assertEquals(0, Cli.run(dir, "", "inject", String.valueOf(pid)).code());
        pty = Pty.start(
                dir,
                Cli.command("attach", dir.resolve("sockrepl-" + pid + ".sock").toString()));
        Screen s = pty.screen();
        int at = s.await("sockrepl> ", 0);
        s.type("terminal.getWidth()\r");
        at = s.await("==> 100", at);
        s.type(TargetApp.class.getName() + ".STATE.get()\r");
        at = s.await("==> 41", at);
        s.type("\u0004");
        s.await("Goodbye.", at);
        assertTrue(pty.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, pty.process().exitValue());
    }

    /** Loaders of sockrepl's servers this JVM still has, once collecting could have freed them. */
    static final String SERVER_LOADERS = String.join(
            "\n",
            "var inst = io.sockrepl.server.agent.Instrumentations.get();",
            "java.util.function.IntSupplier loaders = () -> {",
            "    System.gc();",
            "    int n = 0;",
            "    for (Class<?> c : inst.getAllLoadedClasses()) {",
            "        if (c.getName().equals(\"io.sockrepl.server.SockreplServer\")) n++;",
            "    }",
            "    return n;",
            "};",
            // JNA's cleaner thread, which holds the stopped server's loader, ends after 30 idle seconds
            "for (Thread t : Thread.getAllStackTraces().keySet()) {",
            "    if (t.getName().equals(\"JNA Cleaner\")) t.join(120_000);",
            "}",
            "int n = loaders.getAsInt();",
            "for (int i = 0; i < 10 && n > 1; i++) n = loaders.getAsInt();",
            "get(n);");

    @Test
    void aStoppedGuestEndsItsConsolesAndLeavesNothingOfItselfBehind() throws Exception {
        start(AppProcess.java("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()), "target up");
        long pid = processes.get(0).pid();
        assertEquals(0, Cli.run(dir, "", "inject", String.valueOf(pid)).code());
        String sock = dir.resolve("sockrepl-" + pid + ".sock").toString();
        pty = Pty.start(dir, Cli.command("attach", sock));
        Screen s = pty.screen();
        int at = s.await("sockrepl> ", 0);
        s.type(TargetApp.class.getName() + ".STATE.get()\r");
        at = s.await("==> 41", at);

        assertEquals(0, Cli.run(dir, "", "stop", sock).code());
        s.await(
                "sockrepl: the server went away: it was stopped (its JVM goes on; nothing answers at " + sock + ")",
                at);
        assertTrue(pty.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, pty.process().exitValue(), "a session its server ended is not a clean exit");

        assertEquals(0, Cli.run(dir, "", "inject", String.valueOf(pid)).code());
        assertEquals(
                new Cli.Result(0, "1", ""),
                Cli.run(dir, "", "run", sock, "-e", SERVER_LOADERS),
                "the stopped server's classes are gone: only the fresh server's are loaded");
    }

    @Test
    void aConsoleSessionThatFailsSaysWhyAndAttachExitsNonZero() throws Exception {
        start(AppProcess.java("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()), "target up");
        long pid = processes.get(0).pid();
        assertEquals(
                0,
                Cli.run(dir, "", "inject", "--loader", "no.such.Type", String.valueOf(pid))
                        .code());
        pty = Pty.start(
                dir,
                Cli.command("attach", dir.resolve("sockrepl-" + pid + ".sock").toString()));
        Screen s = pty.screen();
        s.await("The session failed", 0);
        s.await("sockrepl: the session failed on the server", 0);
        assertTrue(s.text().contains("no class loader of this JVM has loaded a class named no.such.Type"), s.text());
        assertTrue(pty.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, pty.process().exitValue());
    }

    @Test
    void redefineFromAClassFileAndRevert() throws Exception {
        start(AppProcess.java("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()), "target up");
        long pid = processes.get(0).pid();
        assertEquals(0, Cli.run(dir, "", "inject", String.valueOf(pid)).code());
        String sock = dir.resolve("sockrepl-" + pid + ".sock").toString();
        Path src = dir.resolve("src").resolve("TargetApp.java");
        java.nio.file.Files.createDirectories(src.getParent());
        java.nio.file.Files.writeString(
                src,
                String.join(
                        "\n",
                        "package io.sockrepl.it;",
                        "public final class TargetApp {",
                        "    public static final java.util.concurrent.atomic.AtomicInteger STATE = new java.util.concurrent.atomic.AtomicInteger(41);",
                        "    private TargetApp() { }",
                        "    public static String motto() {",
                        "        return new java.util.function.Supplier<String>() {",
                        "            @Override public String get() { return \"patched from bytes\"; }",
                        "        }.get();",
                        "    }",
                        "    public static void shutdown(int status) { System.exit(status); }",
                        "    public static void main(String[] args) throws Exception {",
                        "        while (true) { Thread.sleep(1000); }",
                        "    }",
                        "}"));
        Path out = dir.resolve("classes");
        assertEquals(
                0,
                javax.tools.ToolProvider.getSystemJavaCompiler()
                        .run(null, null, null, "--release", "17", "-d", out.toString(), src.toString()));
        Path classFile = out.resolve("io/sockrepl/it/TargetApp.class");
        Cli.Result r = Cli.run(
                dir,
                "",
                "redefine",
                sock,
                classFile.toString(),
                out.resolve("io/sockrepl/it/TargetApp$1.class").toString());
        assertEquals(
                new Cli.Result(0, "redefined [\"io.sockrepl.it.TargetApp\",\"io.sockrepl.it.TargetApp$1\"]\n", ""),
                r,
                "the anonymous class goes with its outer class");
        String motto = "get(" + TargetApp.class.getName() + ".motto());";
        assertEquals("patched from bytes", Cli.run(dir, motto, "run", sock).out());
        assertEquals(0, Cli.run(dir, "", "revert", sock, "--all").code());
        assertEquals("steady", Cli.run(dir, motto, "run", sock).out());

        Path garbage = dir.resolve("Garbage.class");
        java.nio.file.Files.write(garbage, new byte[] {1, 2, 3});
        Cli.Result bad = Cli.run(dir, "", "redefine", sock, garbage.toString());
        assertEquals(10, bad.code());
        assertEquals("sockrepl: not a class file (it does not start with CAFEBABE)\n", bad.err());
    }

    @Test
    void javaagentStartsTheServerWithTheJvm() throws Exception {
        String classes = AppProcess.classPathOf(TargetApp.class);
        Path sock = dir.resolve("agent.sock");
        start(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-javaagent:" + Cli.AGENT_JAR + "=" + sock,
                        "-cp",
                        classes,
                        TargetApp.class.getName()),
                "target up");
        Cli.Result r = Cli.run(dir, "get(" + TargetApp.class.getName() + ".STATE.get());", "run", sock.toString());
        assertEquals("41", r.out(), r.err());
        String pid = String.valueOf(processes.get(0).pid());
        Cli.Result ps = Cli.run(dir, "", "ps");
        assertTrue(
                ps.out()
                        .lines()
                        .anyMatch(l -> l.matches(pid + " +" + java.util.regex.Pattern.quote(sock.toString()) + " +.*")),
                "ps tells where the agent serves: " + ps.out());
    }
}
