package io.sockrepl.bench;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Replies;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import io.sockrepl.server.eval.Capture;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.eval.Interruption;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Round trip of {@code get(1 << 20);} against a warm server over a UNIX socket, sent again unchanged
 * (it runs without compiling) and as a new snippet each time, with the baselines that show where
 * the time goes: the same client and frames with a server that only echoes (the transport),
 * and the same snippet evaluated in-process with no socket (the engine). Then whole-command times
 * of {@code sockrepl --version} and {@code sockrepl run}, against the JVM's own start and exit.
 */
public final class BatchBench {

    private static final String SNIPPET = "get(1 << 20);";
    private static final int N = 1000;
    /**
     * Requests before the repeated snippet and its baseline are measured: the JIT compiles the
     * server's path and the client's only after several thousand (measured: 192 µs per request
     * after 5,000, 99 after 50,000), and a long-running server is past that.
     */
    private static final int WARM_UP = 20_000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sockrepl-bench");
        System.out.println("sockrepl batch benchmark (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus)");

        Stats engine = engineOnly(BatchBench::newSnippet);
        Stats engineAgain = engineOnly(n -> SNIPPET);
        Stats split = splitOnly();
        try (SockreplServer s = SockreplServer.start(
                        ServerConfig.at(Address.unix(dir.resolve("s.sock"))).build());
                BoundSocket echo = echoServer(dir.resolve("echo.sock"))) {
            SockreplClient client = SockreplClient.to(s.address());
            SockreplClient echoClient = SockreplClient.to(echo.effectiveAddress());
            Stats[] interleaved = Stats.interleaved(
                    WARM_UP,
                    10,
                    N,
                    () -> check(echoClient.run(SNIPPET).captured()),
                    () -> check(client.run(SNIPPET).captured()));
            Stats transport = interleaved[0];
            Stats server = interleaved[1];
            int[] count = {0};
            Stats fresh = Stats.measure(
                    200, N, () -> check(client.run(newSnippet(count[0]++)).captured()));

            System.out.println();
            System.out.println("baseline: echo server, the same client and frames over a UNIX socket (transport"
                    + " only), measured in turns with the repeated snippet after " + WARM_UP + " requests each");
            System.out.println(Stats.row("transport: connect+frame+reply (baseline)", transport, transport));
            System.out.println(Stats.row("round trip, the same snippet again", server, transport));
            System.out.println(Stats.row("  engine: the same snippet again, no socket", engineAgain, transport));
            System.out.println(Stats.row("round trip, a new snippet each time", fresh, transport));
            System.out.println(Stats.row("  engine: split + JShell eval, no socket", engine, transport));
            System.out.println(Stats.row("    of which split (analyzeCompletion)", split, transport));
            System.out.printf(
                    java.util.Locale.ROOT,
                    "share of a new snippet's round trip spent in JShell eval: %.0f%%%n",
                    100 * engine.median() / fresh.median());

            String jar = System.getProperty("sockrepl.jar");
            String launcher = System.getProperty("sockrepl.launcher");
            if (jar != null && launcher != null) {
                clientStart(jar, launcher, s.address().toString());
            }
        }
    }

    /**
     * Whole-command times, step by step: the JVM alone, the jar on a plain JVM, picocli's share
     * (a {@code run} with an option only picocli reads), the launcher's JVM options, and its
     * class-data archive; then every common form of {@code run} through the launcher, against a
     * client as sock_python's own is (checked against {@code python3 -c pass} in the same run).
     */
    private static void clientStart(String jar, String launcher, String address) throws Exception {
        String javaHome = System.getProperty("java.home");
        String java = Path.of(javaHome, "bin", "java").toString();
        Map<String, String> env = Map.of("SOCKREPL_JAR", jar, "JAVA_HOME", javaHome);
        Map<String, String> noArchive = Map.of("SOCKREPL_JAR", jar, "JAVA_HOME", javaHome, "SOCKREPL_CDS", "off");
        awaitArchive(env, launcher, jar);
        Path dir = Files.createTempDirectory("sockrepl-batch-forms");
        Path session = dir.resolve("session.json");
        new SessionFile(session)
                .write(new SessionInfo(
                        Address.parse(address),
                        ProcessHandle.current().pid(),
                        null,
                        Instant.now().toString()));
        Path snippetFile = Files.writeString(dir.resolve("snippet.jsh"), SNIPPET);
        List<String> run = List.of("run", address, "-e", SNIPPET);
        // an attached short option is a form only picocli reads
        List<String> runThroughPicocli = List.of("run", address, "-f.sockrepl.json", "-e", SNIPPET);
        String python = System.getProperty("sockrepl.python.client");
        String interpreter = python == null ? null : Runs.pythonInterpreter();
        boolean withPython = interpreter != null;
        String archivedLabel = "  + class-data archive: `sockrepl run -e ...`";
        List<Timed> steps = List.of(
                new Timed("`java -version` (baseline)", () -> Runs.exec(List.of(java, "-version"))),
                new Timed(
                        "`java -jar sockrepl.jar --version`", () -> Runs.exec(List.of(java, "-jar", jar, "--version"))),
                new Timed(
                        "`sockrepl --version` (launcher)", () -> Runs.exec(env, List.of("sh", launcher, "--version"))),
                new Timed(
                        "`java -jar sockrepl.jar run -fFILE ...` (picocli)",
                        () -> Runs.exec(with(List.of(java, "-jar", jar), runThroughPicocli))),
                new Timed(
                        "`java -jar sockrepl.jar run -e ...`", () -> Runs.exec(with(List.of(java, "-jar", jar), run))),
                new Timed(
                        "  + launcher: C1, serial GC (SOCKREPL_CDS=off)",
                        () -> Runs.exec(noArchive, with(List.of("sh", launcher), run))),
                new Timed(archivedLabel, () -> Runs.exec(env, with(List.of("sh", launcher), run))));
        List<Timed> forms = List.of(
                new Timed(
                        "`sockrepl run -f SESSION.json -e CODE`",
                        () -> Runs.exec(env, List.of("sh", launcher, "run", "-f", session.toString(), "-e", SNIPPET))),
                new Timed(
                        "`sockrepl run ADDR --timeout 60 -e CODE`",
                        () -> Runs.exec(
                                env, List.of("sh", launcher, "run", address, "--timeout", "60", "-e", SNIPPET))),
                new Timed(
                        "`sockrepl run ADDR --file FILE`",
                        () -> Runs.exec(
                                env, List.of("sh", launcher, "run", address, "--file", snippetFile.toString()))),
                new Timed(
                        "`sockrepl run ADDR < FILE`",
                        () -> Runs.execWithInput(env, List.of("sh", launcher, "run", address), snippetFile)),
                new Timed(
                        "`... | sockrepl ADDR` (no subcommand)",
                        () -> Runs.execWithInput(env, List.of("sh", launcher, address), snippetFile)));
        String clientLabel = "sock_python-style client (baseline)";
        List<Timed> pythons = !withPython
                ? List.of()
                : List.of(
                        new Timed(
                                "`python3 -c pass` (the interpreter alone)",
                                () -> Runs.exec(List.of(interpreter, "-c", "pass"))),
                        new Timed(clientLabel, () -> Runs.exec(List.of(interpreter, python, address, SNIPPET))));
        List<Timed> all = new java.util.ArrayList<>(steps);
        all.addAll(forms);
        all.addAll(pythons);
        // in turns, one command of each kind after the other: the machine's speed drifts over the
        // minute this takes, and every ratio must see the same drift
        Stats[] timed =
                Stats.interleaved(2, 15, 1, all.stream().map(Timed::command).toArray(Stats.Action[]::new));
        Map<String, Stats> took = new java.util.HashMap<>();
        for (int k = 0; k < all.size(); k++) {
            took.put(all.get(k).label(), timed[k]);
        }
        System.out.println();
        System.out.println("baseline: `java -version` (the JVM's own start and exit), all commands measured in turns");
        steps.forEach(t -> System.out.println(Stats.row(t.label(), took.get(t.label()), timed[0])));
        if (withPython) {
            Stats client = took.get(clientLabel);
            System.out.println();
            System.out.println("baseline: a client as sock_python 0.1.1's is (argparse, json, logging, socket, struct),"
                    + " one request, same server");
            pythons.forEach(t -> System.out.println(Stats.row(t.label(), took.get(t.label()), client)));
            System.out.println(Stats.row("`sockrepl run ADDR -e CODE`", took.get(archivedLabel), client));
            forms.forEach(t -> System.out.println(Stats.row(t.label(), took.get(t.label()), client)));
        }
    }

    /** A command the benchmark times, and the row it is shown in. */
    private record Timed(String label, Stats.Action command) {}

    private static List<String> with(List<String> head, List<String> tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(tail);
        return all;
    }

    /** The launcher makes its archive in the background on first use; the figures are for after. */
    private static void awaitArchive(Map<String, String> env, String launcher, String jar) throws Exception {
        Path lib = Path.of(jar).getParent();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(lib)) {
                if (files.anyMatch(p -> p.getFileName().toString().matches("sockrepl-java.*\\.(jsa|aot)")
                        && p.toFile().lastModified() >= Path.of(jar).toFile().lastModified())) {
                    return;
                }
            }
            Runs.exec(env, List.of("sh", launcher, "--version"));
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the launcher made no class-data archive next to " + jar);
    }

    /** The same code, but a source never sent before: it must be compiled. */
    private static String newSnippet(int n) {
        return SNIPPET + " // " + n;
    }

    private static void check(String captured) {
        if (!"1048576".equals(captured)) {
            throw new IllegalStateException("unexpected reply: " + captured);
        }
    }

    /** The floor: a server that answers the same request with a fixed reply. */
    private static BoundSocket echoServer(Path socket) throws IOException {
        BoundSocket bound = BoundSocket.bind(Address.unix(socket), false);
        JsonObject reply = Replies.snippet("1048576", "");
        Thread echo = new Thread(() -> {
            while (!bound.isClosed()) {
                try (Socket c = bound.accept()) {
                    FrameCodec.read(c.getInputStream(), FrameCodec.DEFAULT_MAX_FRAME_BYTES);
                    FrameCodec.write(c.getOutputStream(), reply);
                } catch (IOException e) {
                    // closed at the end of the run
                }
            }
        });
        echo.setDaemon(true);
        echo.start();
        return bound;
    }

    /**
     * The engine alone: what evaluation costs with no socket and no queue.
     *
     * @param sources the n-th source to evaluate
     */
    private static Stats engineOnly(java.util.function.IntFunction<String> sources) throws Exception {
        try (Engine engine = Engine.create(BatchBench.class.getClassLoader(), System.getProperty("java.class.path"))) {
            engine.dropTemporaryVariables();
            int[] count = {0};
            return Stats.measure(200, N, () -> {
                Capture c = new Capture(io.sockrepl.server.ServerConfig.DEFAULT_MAX_REPLY_BYTES);
                engine.eval(sources.apply(count[0]++), c, new Interruption());
                check(c.captured());
            });
        }
    }

    private static Stats splitOnly() throws Exception {
        try (Engine engine = Engine.create(BatchBench.class.getClassLoader(), System.getProperty("java.class.path"))) {
            var analysis = engine.jshell().sourceCodeAnalysis();
            return Stats.measure(200, N, () -> analysis.analyzeCompletion(SNIPPET));
        }
    }
}
