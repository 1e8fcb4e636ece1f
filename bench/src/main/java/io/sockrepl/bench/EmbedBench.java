package io.sockrepl.bench;

import io.sockrepl.core.Address;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The idle cost of embedding (heap after GC and live threads of a JVM that started a server and
 * has had no connection, against the same JVM without sockrepl), and the time from
 * {@code sockrepl inject PID} to the first answered snippet, against {@code sockrepl run} on a
 * server that was already there.
 */
public final class EmbedBench {

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            child(args[0], args.length > 1 ? args[1] : null);
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        String jar = System.getProperty("sockrepl.jar");
        Path dir = Files.createTempDirectory("sockrepl-embed-bench");
        System.out.println("embedding and injection benchmark (JDK " + Runtime.version() + ")");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-36s %12s %10s%n", "idle JVM (5 runs, median)", "heap MiB", "threads");
        double[] plain = idle(java, cp, "plain", null);
        double[] embedded = idle(java, cp, "embedded", dir.resolve("idle.sock").toString());
        System.out.printf(Locale.ROOT, "%-36s %12.2f %10.0f%n", "without sockrepl (baseline)", plain[0], plain[1]);
        System.out.printf(
                Locale.ROOT,
                "%-36s %12.2f %10.0f   (+%.2f MiB, +%.0f threads)%n",
                "server started, no connection yet",
                embedded[0],
                embedded[1],
                embedded[0] - plain[0],
                embedded[1] - plain[1]);

        List<Double> injectMs = new ArrayList<>();
        List<Double> runMs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Process target = new ProcessBuilder(java, "-cp", cp, EmbedBench.class.getName(), "wait").start();
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream()));
            out.readLine();
            Path sock = dir.resolve("inject-" + i + ".sock");
            long t0 = System.nanoTime();
            Runs.exec(List.of(java, "-jar", jar, "inject", "-f", "-", String.valueOf(target.pid()), sock.toString()));
            Runs.exec(List.of(java, "-jar", jar, "run", sock.toString(), "-e", "get(1);"));
            injectMs.add((System.nanoTime() - t0) / 1e6);
            long t1 = System.nanoTime();
            Runs.exec(List.of(java, "-jar", jar, "run", sock.toString(), "-e", "get(1);"));
            runMs.add((System.nanoTime() - t1) / 1e6);
            target.destroy();
            target.waitFor();
        }
        double inject = Runs.median(injectMs);
        double run = Runs.median(runMs);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-52s %8.0f ms%n", "`sockrepl run` on a server already there (baseline)", run);
        System.out.printf(
                Locale.ROOT,
                "%-52s %8.0f ms  (x%.2f)%n",
                "`sockrepl inject PID` + first `sockrepl run`",
                inject,
                inject / run);
    }

    private static double[] idle(String java, String cp, String mode, String socket) throws Exception {
        List<Double> heap = new ArrayList<>();
        List<Double> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, EmbedBench.class.getName(), mode));
            if (socket != null) {
                cmd.add(socket + i);
            }
            Process p = new ProcessBuilder(cmd).start();
            String[] line = new BufferedReader(new InputStreamReader(p.getInputStream()))
                    .readLine()
                    .split(" ");
            p.waitFor();
            heap.add(Double.parseDouble(line[0]));
            threads.add(Double.parseDouble(line[1]));
        }
        return new double[] {Runs.median(heap), Runs.median(threads)};
    }

    private static void child(String mode, String socket) throws Exception {
        if ("wait".equals(mode)) {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        SockreplServer server = "embedded".equals(mode)
                ? SockreplServer.start(ServerConfig.at(Address.parse(socket)).build())
                : null;
        Thread.sleep(500);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println(String.format(Locale.ROOT, "%.3f %d", used / 1048576.0, Thread.activeCount()));
        if (server != null) {
            server.close();
        }
    }
}
