package io.sockrepl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * Reads a process's output until a line matches, and the rest of it from then on in the
     * background, so that the process never blocks on a full pipe.
     *
     * @return the match
     * @throws IllegalStateException when the output ends first
     */
    static Matcher awaitLine(Process p, Pattern pattern) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ended) {
                        // the process is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m;
            }
        }
        throw new IllegalStateException("the process ended before printing a line matching " + pattern);
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
