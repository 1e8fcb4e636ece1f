package io.sockrepl.bench;

import java.util.ArrayList;
import java.util.List;

/** Whole-command runs that benchmarks time, and the median they report. */
final class Runs {

    private Runs() {}

    /** Runs a command to its end, output discarded; fails the benchmark if it fails. */
    static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue());
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
