package io.sockrepl.bench;

import com.google.gson.JsonParser;
import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ControlAction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Whether a server slows down and grows as it ages, against a real `sockrepl serve`, in three
 * series of new snippets, each on a fresh server: statements only ({@code get(i);}); a mix where
 * one request in four declares a new variable ({@code int v8 = 8; get(v8);}), as a console user or
 * a script that keeps results makes; and declarations that redeclare the same four names. Each
 * series reports the median latency of 500 requests after 100, 1,000, 5,000 and 10,000 earlier
 * ones against the window after 1,000 (the baseline), and the server JVM's heap and metaspace
 * after a full GC and its RSS there. Then the same snippet sent again and again on the aged
 * statements state, which runs without compiling. {@code -Dsockrepl.growth.requests=N} shortens
 * the series (the checkpoints beyond N are left out).
 *
 * <p>The window after 100 is early in the server JVM's life, so its JIT is still warming: its
 * ratio above 1 is the young JVM's, not the state's.
 */
public final class GrowthBench {

    private static final int[] AFTER = {100, 1_000, 5_000, 10_000};
    private static final int WINDOW = 500;

    /** A series: the i-th request's source, and the value it must capture. */
    private record Series(String name, IntFunction<String> source, IntFunction<String> expected) {}

    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("sockrepl.growth.requests", AFTER[AFTER.length - 1] + WINDOW);
        System.out.println("sockrepl growth benchmark (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus, " + requests + " requests per series)");
        Series[] series = {
            new Series("statements", i -> "get(" + i + ");", String::valueOf),
            new Series(
                    "mixed, 1 in 4 declares a new variable",
                    i -> i % 4 == 0 ? "int v" + i + " = " + i + "; get(v" + i + ");" : "get(" + i + " * 3);",
                    i -> String.valueOf(i % 4 == 0 ? i : i * 3)),
            new Series(
                    "redeclaring 4 names",
                    i -> "int r" + (i % 4) + " = " + i + "; get(r" + (i % 4) + ");",
                    String::valueOf)
        };
        for (Series s : series) {
            run(s, requests);
        }
    }

    private static void run(Series series, int requests) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ServeProcess serve = ServeProcess.start("growth")) {
            SockreplClient client = serve.client();
            long pid = JsonParser.parseString(client.control(ControlAction.STATUS))
                    .getAsJsonObject()
                    .get("pid")
                    .getAsLong();
            double[] micros = new double[requests];
            StringBuilder memory = new StringBuilder();
            int next = 0;
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                check(client.run(series.source().apply(i)), series.expected().apply(i));
                micros[i] = (System.nanoTime() - start) / 1000.0;
                if (next < AFTER.length && i + 1 == AFTER[next] + WINDOW) {
                    // after the window, so that the full GC is not in it
                    memory.append(String.format(
                            Locale.ROOT,
                            "  after %,6d requests: heap + metaspace after a full GC %6.0f MiB, RSS %6.0f MiB%n",
                            i + 1,
                            JvmMemory.keptAfterGc(java, pid),
                            JvmMemory.rssMiB(pid)));
                    next++;
                }
            }
            System.out.println();
            System.out.println(series.name() + " (baseline: the window after " + AFTER[1] + " requests)");
            Stats baseline = window(micros, AFTER[1]);
            for (int after : AFTER) {
                if (after + WINDOW <= requests) {
                    System.out.println(Stats.row(
                            "new snippet, after " + after + " requests" + (after == AFTER[1] ? " (baseline)" : ""),
                            window(micros, after),
                            baseline));
                }
            }
            System.out.print(memory);
            if (series.name().equals("statements")) {
                Stats again = Stats.measure(100, WINDOW, () -> check(client.run("get(42);"), "42"));
                System.out.println(Stats.row("same snippet again, after " + requests + " requests", again, baseline));
            }
        }
    }

    private static Stats window(double[] micros, int after) {
        return Stats.of(Arrays.copyOfRange(micros, after, after + WINDOW));
    }

    private static void check(SnippetResult r, String expected) {
        if (!expected.equals(r.captured())) {
            throw new IllegalStateException("expected " + expected + ", got " + r);
        }
    }
}
