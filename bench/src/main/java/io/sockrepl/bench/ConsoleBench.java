package io.sockrepl.bench;

import io.sockrepl.core.Address;
import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.SocketConnector;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keystroke echo through the whole console path (socket, pty proxy, JLine, back) against a plain
 * socket echo in the same run; then heap and threads per idle console session at 1, 10 and 50;
 * then printing, against jshell.
 */
public final class ConsoleBench {

    private static final int KEYSTROKES = 2000;
    private static final int PRINTED_LINES = 20_000;
    private static final int PRINT_ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sockrepl-console-bench");
        System.out.println("console benchmark (JDK " + Runtime.version() + ")");
        Stats plain = plainEcho(dir.resolve("echo.sock"));
        try (SockreplServer server = SockreplServer.start(ServerConfig.at(Address.unix(dir.resolve("c.sock")))
                .maxConsoleSessions(64) // the idle table's 50, past the default limit of 32
                .build())) {
            Stats console = consoleEcho(server.address());
            System.out.println();
            System.out.println(Stats.row("plain socket echo (baseline)", plain, plain));
            System.out.println(Stats.row("keystroke echo through the console", console, plain));
            System.out.println();
            idleSessions(server.address());
        }
        printing();
    }

    /**
     * Printing {@link #PRINTED_LINES} lines of 70 characters, from the keystroke that ends the
     * snippet to the prompt after the last line, through a real pseudo-terminal on the client side:
     * the JDK's jshell (the baseline) and {@code sockrepl attach} to a real {@code serve}, in turns.
     */
    private static void printing() throws Exception {
        String script = System.getProperty("sockrepl.pty.printer");
        String python = script == null ? null : Runs.pythonInterpreter();
        if (python == null) {
            System.out.println("printing: skipped (no python3 or no sockrepl.pty.printer)");
            return;
        }
        String jshell =
                Path.of(System.getProperty("java.home"), "bin", "jshell").toString();
        try (ServeProcess serve = ServeProcess.start("console-print")) {
            List<String> attach =
                    List.of("sh", System.getProperty("sockrepl.launcher"), "attach", serve.socket.toString());
            List<Double> baseline = new ArrayList<>();
            List<Double> console = new ArrayList<>();
            for (int round = 0; round < PRINT_ROUNDS; round++) {
                baseline.add(printSeconds(python, script, "jshell> ", List.of(jshell)));
                console.add(printSeconds(python, script, "sockrepl> ", attach));
            }
            double base = median(baseline);
            double ours = median(console);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "printing %d lines of 70 characters under a pty (medians of %d, in turns)%n",
                    PRINTED_LINES,
                    PRINT_ROUNDS);
            System.out.printf(Locale.ROOT, "%-44s %8.2f s  x1.00%n", "jshell (baseline)", base);
            System.out.printf(
                    Locale.ROOT, "%-44s %8.2f s  x%.2f%n", "sockrepl attach, a serve's console", ours, ours / base);
        }
    }

    private static double printSeconds(String python, String script, String prompt, List<String> command)
            throws Exception {
        List<String> run = new ArrayList<>(List.of(python, script, prompt, String.valueOf(PRINTED_LINES)));
        run.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(run).redirectErrorStream(true);
        pb.environment().put("SOCKREPL_JAR", System.getProperty("sockrepl.jar"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " under a pty: " + out);
        }
        return Double.parseDouble(out);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Types a character at the prompt and waits for it to be echoed, then erases it. */
    private static Stats consoleEcho(Address address) throws Exception {
        Socket s = SocketConnector.connect(address, 2000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        readUntil(in, "sockrepl> ");
        Stats st = Stats.measure(200, KEYSTROKES, () -> {
            out.write('x');
            out.flush();
            readUntil(in, "x");
            out.write(0x7F);
            out.flush();
            readUntil(in, "\b");
        });
        s.close();
        return st;
    }

    private static void readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before '" + marker + "'; saw " + seen);
            }
            seen.append((char) b);
        }
    }

    private static Stats plainEcho(Path socket) throws Exception {
        try (BoundSocket bound = BoundSocket.bind(Address.unix(socket), false)) {
            Thread echo = new Thread(() -> {
                try (Socket c = bound.accept()) {
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException e) {
                    // end of run
                }
            });
            echo.setDaemon(true);
            echo.start();
            try (Socket s = SocketConnector.connect(bound.effectiveAddress(), 2000)) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                return Stats.measure(200, KEYSTROKES, () -> {
                    out.write('x');
                    out.flush();
                    in.read();
                    out.write(0x7F);
                    out.flush();
                    in.read();
                });
            }
        }
    }

    private static void idleSessions(Address address) throws Exception {
        List<Socket> sessions = new ArrayList<>();
        long heap0 = usedHeap();
        int threads0 = Thread.activeCount();
        System.out.println("idle console sessions (heap after GC, live threads; baseline: the same server with none)");
        System.out.printf(
                Locale.ROOT,
                "%8s %14s %14s %12s %14s%n",
                "sessions",
                "heap MiB",
                "per session",
                "threads",
                "per session");
        System.out.printf(Locale.ROOT, "%8d %14.1f %14s %12d %14s%n", 0, heap0 / 1048576.0, "-", threads0, "-");
        for (int target : new int[] {1, 10, 50}) {
            while (sessions.size() < target) {
                Socket s = SocketConnector.connect(address, 2000);
                readUntil(s.getInputStream(), "sockrepl> ");
                s.getOutputStream().write("1\r".getBytes(StandardCharsets.UTF_8));
                readUntil(s.getInputStream(), "==> 1");
                sessions.add(s);
            }
            long heap = usedHeap();
            int threads = Thread.activeCount();
            System.out.printf(
                    Locale.ROOT,
                    "%8d %14.1f %14.2f %12d %14.1f%n",
                    target,
                    heap / 1048576.0,
                    (heap - heap0) / 1048576.0 / target,
                    threads,
                    (threads - threads0) / (double) target);
        }
        for (Socket s : sessions) {
            s.close();
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
