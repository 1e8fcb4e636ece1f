package io.sockrepl.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real `sockrepl` command (the shaded jar) as a separate process. */
final class Cli {

    static final Path JAR = Path.of(System.getProperty("sockrepl.jar", "../cli/target/sockrepl.jar"))
            .toAbsolutePath()
            .normalize();
    /** The jar for -javaagent: the bootstrap alone, next to sockrepl.jar. */
    static final Path AGENT_JAR = JAR.resolveSibling("sockrepl-agent.jar");

    record Result(int code, String out, String err) {}

    private Cli() {}

    static List<String> command(String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the jar first (mvn verify builds it): " + JAR);
        }
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs to completion with {@code stdin} as input. */
    static Result run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        return run(dir, java.util.Map.of(), stdin, args);
    }

    /** {@link #run(Path, String, String...)} with more environment, e.g. XDG_RUNTIME_DIR. */
    static Result run(Path dir, java.util.Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("sockrepl-out", ".txt");
        Path err = Files.createTempFile("sockrepl-err", ".txt");
        Path in = Files.createTempFile("sockrepl-in", ".txt");
        try {
            Files.writeString(in, stdin == null ? "" : stdin);
            ProcessBuilder pb = new ProcessBuilder(command(args))
                    .directory(dir.toFile())
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                String threads = threadDump(p.pid());
                p.destroyForcibly();
                throw new IllegalStateException("sockrepl " + String.join(" ", args) + " did not finish; its stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8) + "\nits threads:\n" + threads);
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(in);
        }
    }

    /** Starts `sockrepl serve ARGS` in the background; its output goes to {@code log}. */
    static Process serve(Path dir, Path log, String... args) throws IOException {
        return serve(dir, log, java.util.Map.of(), args);
    }

    /** {@link #serve(Path, Path, String...)} with more environment, e.g. SOCKREPL_JAVA_OPTS. */
    static Process serve(Path dir, Path log, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("serve"));
        a.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command(a.toArray(String[]::new)))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Starts `sockrepl serve ARGS` in {@code dir}, its output in serve.log there, and waits until a
     * server JVM has taken over its session file from the supervisor (which has become a shell).
     */
    static Process serveHere(Path dir, String... args) throws IOException, InterruptedException {
        Process server = serve(dir, dir.resolve("serve.log"), args);
        Path session = dir.resolve(".sockrepl.json");
        awaitServer(session, server);
        await(
                "no server JVM took over " + session,
                server,
                () -> new io.sockrepl.core.SessionFile(session)
                        .read()
                        .map(s -> s.pid() != server.pid())
                        .orElse(false));
        return server;
    }

    /** What every thread of a JVM is doing, as jcmd says, for the message of a test that gave up on it. */
    static String threadDump(long pid) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(pid),
                            "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Ends a server a test started, if it still runs. */
    static void stop(Process server) throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until a server's session file exists and the socket it names does too: serve writes the
     * file a moment before the socket appears, so that a client that finds the socket finds the file.
     */
    static void awaitServer(Path sessionFile, Process server) throws InterruptedException {
        awaitFile(sessionFile, server);
        try {
            io.sockrepl.core.Address address = new io.sockrepl.core.SessionFile(sessionFile)
                    .read()
                    .orElseThrow()
                    .address();
            if (address.isUnix()) {
                awaitFile(address.path(), server);
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable session file " + sessionFile + ": " + e, e);
        }
    }

    /** Waits until a file exists (a server's socket, say). */
    static void awaitFile(Path file, Process server) throws InterruptedException {
        await("server did not create " + file, server, () -> Files.exists(file));
    }

    /** Something a test waits to become true: a file there, a state reached. */
    interface Fact {
        boolean holds() throws IOException;
    }

    /**
     * Waits up to 60 s for {@code fact}, while {@code process} lives; fails with {@code missing}
     * (what did not happen) when it ends or the time is up first.
     */
    static void await(String missing, Process process, Fact fact) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (!fact.holds()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(missing);
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new IllegalStateException(missing + ": " + e, e);
        }
    }
}
