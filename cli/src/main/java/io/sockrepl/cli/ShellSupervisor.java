package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.HandedOnSocket;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import io.sockrepl.server.agent.AgentBootstrap;
import io.sockrepl.server.agent.AgentJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets up {@code serve}'s supervisor and becomes it: binds a UNIX socket, writes the agent jar and
 * {@code supervise.sh} into a private directory, and replaces this JVM with a shell running that
 * script ({@link Exec}), which runs the server in a child JVM, keeps the next one ready beside it,
 * and starts a fresh one on restart or when one dies. The pid the user started stays the
 * supervisor's, and the supervisor holds a shell's memory, not a JVM's.
 */
final class ShellSupervisor {

    private static final String SCRIPT = "supervise.sh";
    /** In the private directory: whose turn it is to serve ({@link ServingTurn}). */
    private static final String TURN_FILE = "serving.lock";

    private final Address address;
    private final String token;
    private final List<String> serveOptions;
    private final boolean keepStandby;
    private final Path sessionFile;

    /**
     * @param serveOptions the options of {@code serve} the child JVM repeats (limits, files, reach)
     * @param standby      whether to keep the next child ready beside the current one
     * @param sessionFile  the session file, or null for none
     */
    ShellSupervisor(Address address, String token, List<String> serveOptions, boolean standby, Path sessionFile) {
        this.address = address;
        this.token = token;
        this.serveOptions = List.copyOf(serveOptions);
        this.keepStandby = standby;
        this.sessionFile = sessionFile;
    }

    /** Becomes the supervisor; returns only when that failed, with the exit code to end with. */
    int run() throws IOException {
        HandedOnSocket listener = null;
        if (address.isUnix()) {
            try {
                listener = HandedOnSocket.bind(address, this::announce);
            } catch (SessionFileFailure e) {
                throw new CliFailure(
                        ExitCodes.UNREACHABLE,
                        "cannot write session file " + sessionFile + ": "
                                + e.getCause().getMessage());
            } catch (IOException e) {
                throw ServeCommand.cannotListen(address, e);
            }
        }
        Path dir = Files.createTempDirectory(
                "sockrepl-serve-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path agent = AgentJar.createIn(dir);
            Path script = dir.resolve(SCRIPT);
            try (InputStream in = ShellSupervisor.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script);
            }
            List<String> command = new ArrayList<>(List.of(
                    "/bin/sh",
                    script.toString(),
                    dir.toString(),
                    listener != null ? "inherited" : "none",
                    keepStandby ? "yes" : "no",
                    sessionFile != null ? sessionFile.toAbsolutePath().toString() : "-"));
            command.addAll(serverCommand(agent, listener != null ? dir.resolve(TURN_FILE) : null));
            Map<String, String> env = new HashMap<>(System.getenv());
            if (token != null) {
                env.put(ServeCommand.TOKEN_ENV, token);
            }
            Exec.become(command, env, listener != null ? listener.descriptorNumber() : -1);
        } catch (IOException e) {
            System.err.println("sockrepl: cannot start the supervisor: " + e.getMessage());
            deleteTree(dir);
            if (listener != null) {
                listener.close();
            }
        }
        return ExitCodes.UNREACHABLE;
    }

    /**
     * Writes the session file once the socket is bound and before its file appears, naming this
     * pid until the first server JVM takes it over: a client that finds the socket finds the file
     * too, and waits in the backlog until that JVM accepts.
     */
    private void announce() throws IOException {
        if (sessionFile == null) {
            return;
        }
        try {
            new SessionFile(sessionFile)
                    .write(new SessionInfo(
                            address.absolute(),
                            ProcessHandle.current().pid(),
                            token,
                            Instant.now().toString()));
        } catch (IOException e) {
            throw new SessionFileFailure(e);
        }
    }

    /** The session file could not be written: not a failure to listen. */
    private static final class SessionFileFailure extends IOException {
        SessionFileFailure(IOException cause) {
            super(cause);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("sockrepl: could not remove " + dir + ": " + e.getMessage());
        }
    }

    /** @param turn where the server JVMs take turns on the inherited listener; null when each binds its own */
    private List<String> serverCommand(Path agent, Path turn) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Instrumentation from the start: exits are contained (ExitContainment) and redefine needs
        // no helper process
        cmd.add("-javaagent:" + agent + "=" + AgentBootstrap.INSTRUMENT_ONLY);
        cmd.add("-Dfile.encoding=UTF-8");
        if (Runtime.version().feature() >= 22) {
            // the child runs with -cp, where the jar manifest's Enable-Native-Access does not apply
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(serverJvmOptions(System.getenv("SOCKREPL_JAVA_OPTS")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("serve");
        cmd.add("--child");
        // this JVM's pid is the supervisor's once it has become the shell
        cmd.add("--supervisor-pid=" + ProcessHandle.current().pid());
        cmd.addAll(serveOptions);
        if (turn != null) {
            cmd.add("--shared-listener=" + turn);
        }
        cmd.add(address.toString());
        return cmd;
    }

    /**
     * The server JVM's options: {@code SOCKREPL_JAVA_OPTS} after defaults for a lean server, each
     * left out when those options set the same thing. The serial collector and a small initial
     * heap keep the pages a JShell state touches few (and exceptions keep their stacks): a server JVM that had compiled 20 snippets
     * held 263 MiB RSS with the serial collector alone, 164 MiB with -Xms32m too (500 MiB with G1
     * after 40), and compiled as fast. The heap still grows to the JVM's default limit.
     */
    static List<String> serverJvmOptions(String fromEnvironment) {
        List<String> given = fromEnvironment == null || fromEnvironment.isBlank()
                ? List.of()
                : List.of(fromEnvironment.trim().split("\\s+"));
        List<String> opts = new ArrayList<>();
        if (given.stream().noneMatch(o -> o.matches("-XX:[+-]Use\\w+GC"))) {
            opts.add("-XX:+UseSerialGC");
        }
        if (given.stream().noneMatch(o -> o.startsWith("-Xms") || o.startsWith("-XX:InitialHeapSize="))) {
            opts.add("-Xms32m");
        }
        // a snippet's exception keeps its message and stack however often it is thrown
        if (given.stream().noneMatch(o -> o.matches("-XX:[+-]OmitStackTraceInFastThrow"))) {
            opts.add("-XX:-OmitStackTraceInFastThrow");
        }
        opts.addAll(given);
        return opts;
    }
}
