package io.sockrepl.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of timings, in microseconds. */
final class Stats {

    final double[] micros;

    private Stats(double[] micros) {
        this.micros = micros;
        Arrays.sort(this.micros);
    }

    /** Timings taken elsewhere, in microseconds. */
    static Stats of(double[] micros) {
        return new Stats(micros.clone());
    }

    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} {@code warmup} times untimed, then {@code n} times timed. */
    static Stats measure(int warmup, int n, Action action) throws Exception {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            action.run();
            t[i] = (System.nanoTime() - start) / 1000.0;
        }
        return new Stats(t);
    }

    double percentile(double p) {
        int i = (int) Math.ceil(p / 100.0 * micros.length) - 1;
        return micros[Math.max(0, Math.min(micros.length - 1, i))];
    }

    double median() {
        return percentile(50);
    }

    static String row(String name, Stats s, Stats baseline) {
        return String.format(
                Locale.ROOT,
                "%-44s n=%-5d p50 %10.1f us   p99 %10.1f us   x%.2f of baseline p50",
                name,
                s.micros.length,
                s.median(),
                s.percentile(99),
                s.median() / baseline.median());
    }
}
