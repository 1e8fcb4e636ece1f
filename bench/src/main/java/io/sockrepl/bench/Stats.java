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

    /**
     * Measures the actions in turns, {@code rounds} blocks of {@code perRound} runs each, so that
     * a baseline and what it is compared with see the same drift of a shared machine (JIT phases,
     * neighbours, frequency), which blocks measured one after the other do not.
     */
    static Stats[] interleaved(int warmup, int rounds, int perRound, Action... actions) throws Exception {
        double[][] t = new double[actions.length][rounds * perRound];
        for (Action a : actions) {
            measure(warmup, 0, a);
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < actions.length; k++) {
                Stats block = measure(0, perRound, actions[k]);
                System.arraycopy(block.micros, 0, t[k], r * perRound, perRound);
            }
        }
        Stats[] all = new Stats[actions.length];
        for (int k = 0; k < actions.length; k++) {
            all[k] = new Stats(t[k]);
        }
        return all;
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
