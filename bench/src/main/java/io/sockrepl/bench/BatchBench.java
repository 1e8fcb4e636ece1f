package io.sockrepl.bench;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Replies;
import io.sockrepl.core.Request;
import io.sockrepl.core.SocketConnector;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import io.sockrepl.server.eval.Capture;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.eval.Interruption;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Round trip of {@code get(1 << 20);} against a warm server over a UNIX socket, sent again unchanged
 * (it runs without compiling) and as a new snippet each time, with the baselines that show where
 * the time goes: the same frames through a server that only echoes (the transport),
 * and the same snippet evaluated in-process with no socket (the engine). Then whole-command times
 * of {@code sockrepl --version} and {@code sockrepl run}, against the JVM's own start and exit.
 */
public final class BatchBench {

    private static final String SNIPPET = "get(1 << 20);";
    private static final int N = 1000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sockrepl-bench");
        System.out.println("sockrepl batch benchmark (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus)");

        Stats transport = echoRoundTrip(dir.resolve("echo.sock"));
        Stats engine = engineOnly();
        Stats split = splitOnly();
        Stats server;
        try (SockreplServer s = SockreplServer.start(
                ServerConfig.at(Address.unix(dir.resolve("s.sock"))).build())) {
            SockreplClient client = SockreplClient.to(s.address());
            server = Stats.measure(200, N, () -> check(client.run(SNIPPET).captured()));
            int[] count = {0};
            Stats fresh = Stats.measure(
                    200, N, () -> check(client.run(newSnippet(count[0]++)).captured()));

            System.out.println();
            System.out.println("baseline: echo server, same frames over a UNIX socket (transport only)");
            System.out.println(Stats.row("transport: connect+frame+reply (baseline)", transport, transport));
            System.out.println(Stats.row("round trip, the same snippet again", server, transport));
            System.out.println(Stats.row("round trip, a new snippet each time", fresh, transport));
            System.out.println(Stats.row("  engine: split + JShell eval, no socket", engine, transport));
            System.out.println(Stats.row("    of which split (analyzeCompletion)", split, transport));
            System.out.printf(
                    java.util.Locale.ROOT,
                    "share of a new snippet's round trip spent in JShell eval: %.0f%%%n",
                    100 * engine.median() / fresh.median());

            String jar = System.getProperty("sockrepl.jar");
            if (jar != null) {
                String java =
                        Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Stats floor = Stats.measure(2, 15, () -> Runs.exec(List.of(java, "-version")));
                Stats start = Stats.measure(2, 15, () -> Runs.exec(List.of(java, "-jar", jar, "--version")));
                Stats cmd = Stats.measure(
                        2,
                        15,
                        () -> Runs.exec(
                                List.of(java, "-jar", jar, "run", s.address().toString(), "-e", SNIPPET)));
                System.out.println();
                System.out.println("baseline: `java -version` (the JVM's own start and exit)");
                System.out.println(Stats.row("`java -version` (baseline)", floor, floor));
                System.out.println(Stats.row("`sockrepl --version`", start, floor));
                System.out.println(Stats.row("`sockrepl run -e 'get(1 << 20);'`", cmd, floor));
            }
        }
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
    private static Stats echoRoundTrip(Path socket) throws Exception {
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
        JsonObject request = Request.snippet(SNIPPET, null, 0).toJson();
        try (bound) {
            return Stats.measure(500, N, () -> {
                try (Socket c = SocketConnector.connect(bound.effectiveAddress(), 1000)) {
                    FrameCodec.write(c.getOutputStream(), request);
                    check(FrameCodec.read(c.getInputStream(), Integer.MAX_VALUE)
                            .get("captured")
                            .getAsString());
                }
            });
        }
    }

    /** The engine alone: what evaluation costs with no socket and no queue. */
    private static Stats engineOnly() throws Exception {
        try (Engine engine = Engine.create(BatchBench.class.getClassLoader(), System.getProperty("java.class.path"))) {
            int[] count = {0};
            return Stats.measure(200, N, () -> {
                Capture c = new Capture(io.sockrepl.server.ServerConfig.DEFAULT_MAX_REPLY_BYTES);
                engine.eval(newSnippet(count[0]++), c, new Interruption());
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
