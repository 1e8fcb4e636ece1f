package io.sockrepl.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What attaching costs the application, for sockrepl and for Arthas (the peer operators use, when
 * its distribution is there): the Spring Boot fixture, started with {@code java -jar} and warmed
 * up by HTTP requests, answers 500 requests before the tool attaches and answers a first question
 * about a Spring bean, 500 right after, and 500 once it is idle again (the baseline is the first
 * 500, in the same JVM). Also the time to the first answer, the CPU time and resident memory the
 * target spent on them, and whether HotSpot logged that it threw away all compiled code
 * ({@code -Xlog:redefine+class+nmethod}).
 */
public final class AttachBench {

    private static final String TYPED = "get(bean(fixture.shop.OwnerRepository.class).findAll().size());";
    private static final Pattern PORT = Pattern.compile("Tomcat started on port\\(?s?\\)?:? (\\d+)");
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 500;
    private static final int JVMS = 3;

    /** One tool's way to attach to a JVM and answer one question about its Spring context. */
    private interface Tool {
        void attachAndAsk(long pid, Path dir, int round) throws Exception;
    }

    /** What one tool cost, over the JVMs it attached to. */
    private static final class Costs {
        final String name;
        final List<Stats> before = new ArrayList<>();
        final List<Stats> after = new ArrayList<>();
        final List<Stats> settled = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> wall = new ArrayList<>();
        final List<Double> rss = new ArrayList<>();
        final List<Double> kept = new ArrayList<>();
        int discarded;

        Costs(String name) {
            this.name = name;
        }
    }

    public static void main(String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("sockrepl.jar");
        Path app = Path.of(System.getProperty("sockrepl.spring.app"));
        Path arthas = Path.of(System.getProperty("sockrepl.arthas.home", "bench/target/arthas"));
        Path dir = Files.createTempDirectory("sockrepl-attach-bench");
        System.out.println("Attach cost in the Spring Boot fixture (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + JVMS + " fresh JVMs per tool, alternated, "
                + "medians; " + WARMUP + " requests of warm-up, then " + MEASURED + " after a pause, " + MEASURED
                + " right after the attach and the first answer, " + MEASURED + " once the target is idle again)");
        Tool sockrepl = (pid, d, round) -> {
            Path sock = d.resolve("spring-" + round + ".sock");
            Runs.exec(List.of(java, "-jar", jar, "inject", "-f", "-", String.valueOf(pid), sock.toString()));
            Runs.exec(List.of(java, "-jar", jar, "run", sock.toString(), "-e", TYPED));
        };
        Tool peer = (pid, d, round) -> Runs.exec(List.of(
                java,
                "-jar",
                arthas.resolve("arthas-boot.jar").toString(),
                "--arthas-home",
                arthas.toString(),
                "--telnet-port",
                String.valueOf(freePort()),
                "--http-port",
                "-1",
                "-c",
                ARTHAS_QUESTION,
                String.valueOf(pid)));
        boolean withPeer = Files.isRegularFile(arthas.resolve("arthas-boot.jar"));
        if (!withPeer) {
            System.out.println("(no Arthas at " + arthas + ": sockrepl alone)");
        }
        Costs mine = new Costs("sockrepl inject PID + 1st typed snippet");
        Costs theirs = new Costs("Arthas 4.0.5 attach + 1st vmtool command");
        for (int i = 0; i < JVMS; i++) {
            boolean peerFirst = i % 2 == 1;
            if (withPeer && peerFirst) {
                measure(java, app, dir, peer, theirs, i);
            }
            measure(java, app, dir, sockrepl, mine, i);
            if (withPeer && !peerFirst) {
                measure(java, app, dir, peer, theirs, i);
            }
        }
        System.out.println();
        report(mine);
        if (withPeer) {
            report(theirs);
            System.out.printf(
                    Locale.ROOT,
                    "sockrepl / Arthas: time to first answer x%.2f, target CPU x%.2f, heap + metaspace kept x%.2f%n",
                    Runs.median(mine.wall) / Runs.median(theirs.wall),
                    Runs.median(mine.cpu) / Runs.median(theirs.cpu),
                    Runs.median(mine.kept) / Runs.median(theirs.kept));
        }
    }

    /** The question Arthas answers: the same bean's findAll().size() as {@link #TYPED}. */
    private static final String ARTHAS_QUESTION = "vmtool --action getInstances --className "
            + "fixture.shop.OwnerRepository --express 'instances[0].findAll().size()'";

    private static void measure(String java, Path app, Path dir, Tool tool, Costs costs, int round) throws Exception {
        Path log = dir.resolve("redefinitions-" + costs.name.hashCode() + "-" + round + ".log");
        Process target = new ProcessBuilder(
                        java, "-Xlog:redefine+class+nmethod=debug:file=" + log, "-jar", app.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String url = "http://127.0.0.1:" + Runs.awaitLine(target, PORT).group(1) + "/owners";
            requests(url, WARMUP);
            // the baseline follows a pause too, as the requests after the attach follow one
            awaitIdle(target.pid());
            costs.before.add(requests(url, MEASURED));
            double cpu0 = cpuSeconds(target.pid());
            double rss0 = JvmMemory.rssMiB(target.pid());
            double kept0 = JvmMemory.keptAfterGc(java, target.pid());
            long t0 = System.nanoTime();
            tool.attachAndAsk(target.pid(), dir, round);
            costs.wall.add((System.nanoTime() - t0) / 1e6);
            costs.cpu.add(cpuSeconds(target.pid()) - cpu0);
            costs.after.add(requests(url, MEASURED));
            awaitIdle(target.pid());
            costs.rss.add(JvmMemory.rssMiB(target.pid()) - rss0);
            costs.kept.add(JvmMemory.keptAfterGc(java, target.pid()) - kept0);
            costs.settled.add(requests(url, MEASURED));
            if (Files.readString(log).contains("Marked all nmethods")) {
                costs.discarded++;
            }
        } finally {
            target.destroy();
            target.waitFor();
        }
    }

    private static void report(Costs c) {
        double p50Before = median(c.before, 50);
        double p99Before = median(c.before, 99);
        System.out.println(c.name);
        System.out.printf(
                Locale.ROOT,
                "  %-46s p50 %7.3f ms   p99 %7.3f ms%n",
                "GET /owners before (baseline)",
                p50Before / 1000,
                p99Before / 1000);
        latencies("the " + MEASURED + " right after", c.after, p50Before, p99Before);
        latencies("once the target is idle again", c.settled, p50Before, p99Before);
        System.out.printf(Locale.ROOT, "  %-46s %7.0f ms%n", "attach to first answer", Runs.median(c.wall));
        System.out.printf(Locale.ROOT, "  %-46s %7.2f s%n", "target CPU spent on them", Runs.median(c.cpu));
        System.out.printf(
                Locale.ROOT,
                "  %-46s %+7.0f MiB%n",
                "target RSS added (as the collector sized it)",
                Runs.median(c.rss));
        System.out.printf(
                Locale.ROOT, "  %-46s %+7.0f MiB%n", "heap + metaspace kept after a full GC", Runs.median(c.kept));
        System.out.printf(
                Locale.ROOT, "  %-46s %d of %d%n", "JVMs that discarded all compiled code", c.discarded, JVMS);
    }

    private static void latencies(String what, List<Stats> runs, double p50Before, double p99Before) {
        double p50 = median(runs, 50);
        double p99 = median(runs, 99);
        System.out.printf(
                Locale.ROOT,
                "  %-46s p50 %7.3f ms   p99 %7.3f ms   x%.2f p50, x%.2f p99%n",
                what,
                p50 / 1000,
                p99 / 1000,
                p50 / p50Before,
                p99 / p99Before);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Sends {@code n} GETs one after the other on a kept-alive connection; their latencies. */
    private static Stats requests(String url, int n) throws IOException {
        double[] micros = new double[n];
        byte[] buffer = new byte[8192];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            if (c.getResponseCode() != 200) {
                throw new IllegalStateException(url + " answered " + c.getResponseCode());
            }
            try (InputStream in = c.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // read to the end, so the connection is kept for the next request
                }
            }
            micros[i] = (System.nanoTime() - start) / 1000.0;
        }
        return Stats.of(micros);
    }

    /** The median over the JVMs of a percentile of their requests. */
    private static double median(List<Stats> runs, double percentile) {
        List<Double> values = new ArrayList<>();
        for (Stats s : runs) {
            values.add(s.percentile(percentile));
        }
        return Runs.median(values);
    }

    /** User and system CPU time of a process so far, from /proc (clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command's name: state is field 3, utime field 14 and stime field 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Waits until the process spends less than 2% of a core for a second (its JIT queue is done). */
    private static void awaitIdle(long pid) throws Exception {
        double last = cpuSeconds(pid);
        for (int i = 0; i < 30; i++) {
            Thread.sleep(1000);
            double now = cpuSeconds(pid);
            if (now - last < 0.02) {
                return;
            }
            last = now;
        }
    }
}
