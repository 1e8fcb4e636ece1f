package io.sockrepl.bench;

import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import java.util.Arrays;

/**
 * Whether a server slows down as it ages: a new snippet each time, 10,500 of them, against a real
 * `sockrepl serve`, and the median latency of 500 requests after 100 earlier ones (the baseline)
 * against 500 after 1,000, 5,000 and 10,000. Then the same snippet sent again and again on that
 * aged state, which runs without compiling.
 *
 * <p>The baseline window is early in the server JVM's life, so its JIT is still warming: ratios
 * below 1 mean the aged state costs no more than the young one, not that it got faster.
 */
public final class GrowthBench {

    private static final int[] AFTER = {100, 1_000, 5_000, 10_000};
    private static final int WINDOW = 500;

    public static void main(String[] args) throws Exception {
        System.out.println("sockrepl growth benchmark (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus)");
        try (ServeProcess serve = ServeProcess.start("growth")) {
            SockreplClient client = serve.client();
            int total = AFTER[AFTER.length - 1] + WINDOW;
            double[] micros = new double[total];
            for (int i = 0; i < total; i++) {
                long start = System.nanoTime();
                check(client.run("get(" + i + ");"), i);
                micros[i] = (System.nanoTime() - start) / 1000.0;
            }
            Stats again = Stats.measure(100, WINDOW, () -> check(client.run("get(42);"), 42));

            System.out.println();
            System.out.println("baseline: a new snippet each time, after " + AFTER[0] + " earlier requests");
            Stats baseline = Stats.of(Arrays.copyOfRange(micros, AFTER[0], AFTER[0] + WINDOW));
            for (int after : AFTER) {
                System.out.println(Stats.row(
                        "new snippet, after " + after + " requests" + (after == AFTER[0] ? " (baseline)" : ""),
                        Stats.of(Arrays.copyOfRange(micros, after, after + WINDOW)),
                        baseline));
            }
            System.out.println(Stats.row("same snippet again, after " + total + " requests", again, baseline));
        }
    }

    private static void check(SnippetResult r, int expected) {
        if (!String.valueOf(expected).equals(r.captured())) {
            throw new IllegalStateException("expected " + expected + ", got " + r);
        }
    }
}
