package io.sockrepl.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM started for a test, with everything it prints kept, so tests can wait for and check it. */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private AppProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            output.append(line).append('\n');
                        }
                    } catch (IOException ended) {
                        // the process is gone
                    }
                },
                "app-output");
        reader.setDaemon(true);
        reader.start();
    }

    static AppProcess start(Path dir, List<String> command) throws IOException {
        return new AppProcess(new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start());
    }

    /** The class path entry that holds {@code type}, for starting it in a JVM of its own. */
    static String classPathOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code java} of the JVM running the tests, then {@code args}. */
    static List<String> java(String... args) {
        List<String> cmd = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits until the output matches {@code regex}; returns the match. */
    Matcher await(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(output);
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the process did not print " + regex + "; it printed:\n" + output);
    }

    /** Writes a line to the process's stdin. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the process to end; returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not end");
        }
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
