package io.sockrepl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What attaching costs the application: the Spring Boot fixture, started with {@code java -jar}
 * and warmed up by HTTP requests, answers 500 requests before {@code sockrepl inject PID} and the
 * first typed snippet, and 500 right after (the baseline is the first 500, in the same JVM). Also
 * the CPU time the target spent on the inject and the first snippet, and whether HotSpot logged
 * that it threw away all compiled code ({@code -Xlog:redefine+class+nmethod}).
 */
public final class AttachBench {

    private static final String TYPED = "get(bean(fixture.shop.OwnerRepository.class).findAll().size());";
    private static final Pattern PORT = Pattern.compile("Tomcat started on port\\(?s?\\)?:? (\\d+)");
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 500;
    private static final int JVMS = 3;

    public static void main(String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("sockrepl.jar");
        Path app = Path.of(System.getProperty("sockrepl.spring.app"));
        Path dir = Files.createTempDirectory("sockrepl-attach-bench");
        System.out.println("Attach cost in the Spring Boot fixture (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + JVMS + " fresh JVMs, medians; "
                + WARMUP + " requests of warm-up, then " + MEASURED + " before and " + MEASURED + " after)");
        List<Stats> before = new ArrayList<>();
        List<Stats> after = new ArrayList<>();
        List<Stats> settled = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        int discarded = 0;
        for (int i = 0; i < JVMS; i++) {
            Path log = dir.resolve("redefinitions-" + i + ".log");
            Process target = new ProcessBuilder(
                            java, "-Xlog:redefine+class+nmethod=debug:file=" + log, "-jar", app.toString())
                    .redirectErrorStream(true)
                    .start();
            try {
                String url = "http://127.0.0.1:" + awaitPort(target) + "/owners";
                requests(url, WARMUP);
                // the baseline follows a pause too, as the requests after the inject follow one
                awaitIdle(target.pid());
                before.add(requests(url, MEASURED));
                Path sock = dir.resolve("spring-" + i + ".sock");
                double cpu0 = cpuSeconds(target.pid());
                long t0 = System.nanoTime();
                Runs.exec(
                        List.of(java, "-jar", jar, "inject", "-f", "-", String.valueOf(target.pid()), sock.toString()));
                Runs.exec(List.of(java, "-jar", jar, "run", sock.toString(), "-e", TYPED));
                wall.add((System.nanoTime() - t0) / 1e6);
                cpu.add(cpuSeconds(target.pid()) - cpu0);
                after.add(requests(url, MEASURED));
                awaitIdle(target.pid());
                settled.add(requests(url, MEASURED));
                if (Files.readString(log).contains("Marked all nmethods")) {
                    discarded++;
                }
            } finally {
                target.destroy();
                target.waitFor();
            }
        }
        double p50Before = median(before, 50);
        double p99Before = median(before, 99);
        double p50After = median(after, 50);
        double p99After = median(after, 99);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-52s p50 %7.3f ms   p99 %7.3f ms%n",
                "HTTP GET /owners before inject (baseline)",
                p50Before / 1000,
                p99Before / 1000);
        System.out.printf(
                Locale.ROOT,
                "%-52s p50 %7.3f ms   p99 %7.3f ms   x%.2f p50, x%.2f p99%n",
                "the same, the " + MEASURED + " requests after inject + 1st snippet",
                p50After / 1000,
                p99After / 1000,
                p50After / p50Before,
                p99After / p99Before);
        double p50Settled = median(settled, 50);
        double p99Settled = median(settled, 99);
        System.out.printf(
                Locale.ROOT,
                "%-52s p50 %7.3f ms   p99 %7.3f ms   x%.2f p50, x%.2f p99%n",
                "the same, once the target is idle again",
                p50Settled / 1000,
                p99Settled / 1000,
                p50Settled / p50Before,
                p99Settled / p99Before);
        System.out.printf(
                Locale.ROOT, "%-52s %7.0f ms%n", "`sockrepl inject PID` + first typed snippet", Runs.median(wall));
        System.out.printf(Locale.ROOT, "%-52s %7.2f s%n", "CPU time the target spent on them", Runs.median(cpu));
        System.out.printf(Locale.ROOT, "%-52s %d of %d%n", "JVMs that discarded all compiled code", discarded, JVMS);
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

    private static int awaitPort(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ended) {
                        // the target is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the fixture ended before saying its port");
    }
}
