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

    /** Runs a command with {@code input} as its standard input, output discarded; fails the benchmark if it fails. */
    static void execWithInput(Map<String, String> env, List<String> command, java.nio.file.Path input)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true)
                .redirectInput(input.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " < " + input + " exited " + p.exitValue());
        }
    }

    /**
     * The Python interpreter {@code python3} runs, by its own path: a version manager's shim on
     * PATH (pyenv's is a shell script) would add a third of a second to every Python start, which
     * is not what Python costs.
     */
    static String pythonInterpreter() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
                    .redirectErrorStream(true)
                    .start();
            String path = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && java.nio.file.Files.isExecutable(java.nio.file.Path.of(path)) ? path : null;
        } catch (Exception e) {
            return null;
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
