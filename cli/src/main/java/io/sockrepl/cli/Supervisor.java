package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.ListenerHandover;
import io.sockrepl.server.agent.AgentBootstrap;
import io.sockrepl.server.agent.AgentJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the server in a child JVM and starts a new one on restart, so that the pid changes and no
 * chain of waiting processes grows. A child that dies unexpectedly is replaced too, unless it keeps
 * dying. A UNIX socket is bound here and lent to each child, so that it never goes away while
 * the server is meant to run, and the next child waits ready beside the current one.
 */
final class Supervisor {

    private static final int CRASHES_ALLOWED = 5;
    private static final long CRASH_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Address address;
    private final String token;
    private final List<String> serveOptions;
    private final boolean keepStandby;
    private volatile Process child;
    private volatile Process standby;
    private volatile boolean shuttingDown;

    /**
     * @param serveOptions the options of {@code serve} the child JVM repeats (limits, files, reach)
     * @param standby      whether to keep the next child ready beside the current one
     */
    Supervisor(Address address, String token, List<String> serveOptions, boolean standby) {
        this.address = address;
        this.token = token;
        this.serveOptions = List.copyOf(serveOptions);
        this.keepStandby = standby;
    }

    int run() throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopChild, "sockrepl-supervisor-stop"));
        Path agent = AgentJar.create();
        if (!address.isUnix()) {
            return superviseChildren(agent, null);
        }
        BoundSocket listener;
        try {
            listener = BoundSocket.bind(address, false);
        } catch (IOException e) {
            System.err.println("sockrepl: "
                    + (e instanceof BoundSocket.BindRefusedException
                            ? e.getMessage()
                            : "cannot listen on " + address + ": " + e.getMessage()));
            return ExitCodes.UNREACHABLE;
        }
        // the socket outlives each child, so a restart or a crash leaves no moment without it
        try (listener;
                ListenerHandover handover = ListenerHandover.lend(listener, this::isChild, this::isStandby)) {
            return superviseChildren(agent, handover.path());
        }
    }

    private boolean isChild(long pid) {
        Process p = child;
        return p != null && p.pid() == pid;
    }

    private boolean isStandby(long pid) {
        Process p = standby;
        return p != null && p.pid() == pid && p.isAlive();
    }

    /**
     * @param handover where children take the listening socket from; null when they bind it, and
     *                 then no standby can wait for it
     */
    private int superviseChildren(Path agent, Path handover) throws IOException, InterruptedException {
        Deque<Long> crashes = new ArrayDeque<>();
        if (start(agent, handover) == null) {
            return ExitCodes.OK;
        }
        while (true) {
            if (handover != null && keepStandby) {
                startStandby(agent, handover);
            }
            int code = child.waitFor();
            if (shuttingDown) {
                // a signal to us reached the child too: its exit is not a crash to recover from
                return code == ExitCodes.OK ? ExitCodes.OK : ExitCodes.KILLED;
            }
            switch (code) {
                case ExitCodes.OK:
                    discardStandby();
                    return ExitCodes.OK;
                case ExitCodes.RESTART:
                    System.err.println("sockrepl: restarting with a fresh JVM");
                    break;
                case ExitCodes.START_FAILED:
                    discardStandby();
                    return ExitCodes.UNREACHABLE;
                default:
                    long now = System.nanoTime();
                    crashes.addLast(now);
                    while (now - crashes.peekFirst() > CRASH_WINDOW_NANOS) {
                        crashes.removeFirst();
                    }
                    if (crashes.size() >= CRASHES_ALLOWED) {
                        System.err.println("sockrepl: the server died " + crashes.size()
                                + " times in a minute (last exit code " + code + "); giving up");
                        discardStandby();
                        return ExitCodes.UNREACHABLE;
                    }
                    System.err.println(
                            "sockrepl: the server JVM exited unexpectedly (code " + code + "); starting a fresh one");
            }
            if (!promoteStandby() && start(agent, handover) == null) {
                return ExitCodes.OK;
            }
        }
    }

    /** Starts the serving child; null when we are shutting down. */
    private synchronized Process start(Path agent, Path handover) throws IOException {
        if (shuttingDown) {
            return null;
        }
        child = processBuilder(agent, handover, false).start();
        return child;
    }

    /**
     * Starts the next child ahead of need: it boots and prepares while the current one serves,
     * then waits on the handover for the listener, which it gets the moment the current child is
     * gone. A restart is then back as soon as the old JVM has exited.
     */
    private synchronized void startStandby(Path agent, Path handover) throws IOException {
        if (!shuttingDown) {
            standby = processBuilder(agent, handover, true).start();
        }
    }

    /** @return whether a live standby now is the child */
    private synchronized boolean promoteStandby() {
        Process next = standby;
        standby = null;
        if (next == null || !next.isAlive() || shuttingDown) {
            return false;
        }
        child = next;
        return true;
    }

    private synchronized void discardStandby() {
        Process next = standby;
        standby = null;
        if (next != null) {
            next.destroy();
        }
    }

    private ProcessBuilder processBuilder(Path agent, Path handover, boolean asStandby) {
        ProcessBuilder pb = new ProcessBuilder(command(agent, handover, asStandby)).inheritIO();
        if (token != null) {
            pb.environment().put(ServeCommand.TOKEN_ENV, token);
        }
        return pb;
    }

    private List<String> command(Path agent, Path handover, boolean asStandby) {
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
        List<String> opts = serverJvmOptions(System.getenv("SOCKREPL_JAVA_OPTS"));
        cmd.addAll(opts);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("serve");
        cmd.add("--child");
        cmd.add("--supervisor-pid=" + ProcessHandle.current().pid());
        cmd.addAll(serveOptions);
        if (handover != null) {
            cmd.add("--listener-from=" + handover);
        }
        if (asStandby) {
            cmd.add("--as-standby");
        }
        cmd.add(address.toString());
        return cmd;
    }

    /**
     * The server JVM's options: {@code SOCKREPL_JAVA_OPTS} after defaults for a lean server, each
     * left out when those options set the same thing. The serial collector and a small initial
     * heap keep the pages a JShell state touches few: a server JVM that had compiled 20 snippets
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
        opts.addAll(given);
        return opts;
    }

    /** Forwards our own end (Ctrl+C, SIGTERM) to the child, which then stops cleanly; a standby just goes. */
    private void stopChild() {
        Process p;
        synchronized (this) {
            shuttingDown = true;
            p = child;
            discardStandby();
        }
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }
}
