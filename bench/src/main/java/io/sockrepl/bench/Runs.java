package io.sockrepl.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whole-command runs that benchmarks time, and the median they report. */
final class Runs {

    private Runs() {}

    /** Runs a command to its end, output discarded; fails the benchmark if it fails. */
    static void exec(List<String> command) throws Exception {
        exec(Map.of(), command);
    }

    /** The same, with these variables added to the environment. */
    static void exec(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue());
        }
    }

    /** Whether a command runs and exits 0 (a tool the benchmark could use is installed). */
    static boolean succeeds(List<String> command) {
        try {
            exec(command);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
