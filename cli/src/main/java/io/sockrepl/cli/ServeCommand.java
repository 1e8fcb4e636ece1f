package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.Daemons;
import io.sockrepl.core.ListenerSource;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import io.sockrepl.core.log.LogLines;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sockrepl serve}: a supervisor ({@link ShellSupervisor}) that runs the server in a child
 * JVM and starts a fresh one when a client asks for a restart (or the JVM dies), so that restarts
 * never pile up processes; and, with {@code --child}, that server JVM.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start a server and keep it running until 'sockrepl stop'.",
            "The server runs in a child JVM; 'sockrepl restart' replaces that JVM with a fresh one.",
            "Without ADDRESS: the session file's address, else session.sock in this directory."
        })
final class ServeCommand implements Callable<Integer> {

    static final String TOKEN_ENV = "SOCKREPL_SERVE_TOKEN";

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ADDRESS",
            description = "PATH (UNIX socket), HOST:PORT, :PORT (loopback), [::1]:PORT or unix:PATH; "
                    + "port 0 picks a free port.")
    String address;

    @Option(
            names = {"-f", "--session-file"},
            paramLabel = "FILE",
            defaultValue = SessionFile.DEFAULT_NAME,
            description = "Where to record the address, pid and token (default: ${DEFAULT-VALUE}; - for none).")
    String sessionFile;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "The token TCP clients must send (default: a random one, kept in the session file).")
    String token;

    @Option(
            names = "--allow-remote",
            description =
                    "Allow a TCP address that is not loopback. Anyone who can reach it and has the token can run code.")
    boolean allowRemote;

    @Option(
            names = "--max-frame-bytes",
            paramLabel = "BYTES",
            defaultValue = "16777216",
            description = "Largest request accepted (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(
            names = "--max-reply-bytes",
            paramLabel = "BYTES",
            defaultValue = "16777216",
            description = "What one reply may carry of get(...) values and output; beyond it the reply is "
                    + "cut and says so (default: ${DEFAULT-VALUE}).")
    long maxReplyBytes;

    @Mixin
    AuditLogOption auditLog = new AuditLogOption();

    @Option(
            names = "--max-console-sessions",
            paramLabel = "N",
            defaultValue = "32",
            description = "Console sessions open at once; one more is told to try later (default: ${DEFAULT-VALUE}).")
    int maxConsoleSessions;

    @Option(
            names = "--max-queued",
            paramLabel = "N",
            defaultValue = "256",
            description = "Batch requests waiting behind the running one; one more is refused at once "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxQueued;

    @Mixin
    LogOption log;

    /** What the supervised JVM's own {@code serve --child} repeats of these options. */
    private List<String> childOptions() {
        List<String> options = new ArrayList<>(List.of(
                "--session-file=" + sessionFile,
                "--max-frame-bytes=" + maxFrameBytes,
                "--max-reply-bytes=" + maxReplyBytes,
                "--max-console-sessions=" + maxConsoleSessions,
                "--max-queued=" + maxQueued));
        if (auditLog.file != null) {
            options.add("--audit-log=" + auditLog.absolute());
        }
        if (allowRemote) {
            options.add("--allow-remote");
        }
        if (log.file != null) {
            options.add("--log=" + log.absolute());
        }
        return options;
    }

    @Option(names = "--child", hidden = true)
    boolean child;

    @Option(names = "--supervisor-pid", hidden = true)
    long supervisorPid;

    /** The listening socket is standard input, shared with the supervisor's other server JVMs. */
    @Option(names = "--shared-listener", hidden = true, paramLabel = "TURN_FILE")
    Path sharedListener;

    @Option(names = "--as-standby", hidden = true)
    boolean asStandby;

    /** The shared listener once this JVM's turn to serve it has come. */
    private volatile BoundSocket served;

    @Option(
            names = "--no-standby",
            description = {
                "Keep no second server JVM ready beside the running one. It makes 'restart' (and recovery "
                        + "from a crash) wait for a JVM to start, about 1.5 s instead of 0.3 s, and saves that "
                        + "JVM's memory (about 200 MiB)."
            })
    boolean noStandby;

    @Override
    public Integer call() throws Exception {
        if (maxConsoleSessions < 0 || maxQueued < 0) {
            throw new CliFailure(ExitCodes.USAGE, "--max-console-sessions and --max-queued must not be negative");
        }
        if (maxReplyBytes < 1) {
            throw new CliFailure(ExitCodes.USAGE, "--max-reply-bytes must be at least 1");
        }
        if (maxFrameBytes < 16) {
            throw new CliFailure(ExitCodes.USAGE, "--max-frame-bytes must be at least 16");
        }
        return child ? serveHere() : supervise();
    }

    private Path sessionPath() {
        return "-".equals(sessionFile) ? null : Path.of(sessionFile);
    }

    private int supervise() throws IOException, InterruptedException {
        Address where = chooseAddress();
        if (!where.isUnix()) {
            try {
                BoundSocket.checkReach(where, allowRemote);
                if (where.port() == 0) {
                    where = where.withPort(freePort(where));
                }
            } catch (IOException e) {
                throw cannotListen(where, e);
            }
        }
        String t = token != null ? token : System.getenv(TOKEN_ENV);
        if (t == null && !where.isUnix()) {
            t = io.sockrepl.core.Tokens.generate();
        }
        return new ShellSupervisor(where, t, childOptions(), !noStandby, sessionPath()).run();
    }

    /** A refusal says why itself; any other failure to bind is told with the address. */
    static CliFailure cannotListen(Address where, IOException e) {
        return new CliFailure(
                ExitCodes.UNREACHABLE,
                e instanceof BoundSocket.BindRefusedException
                        ? e.getMessage()
                        : "cannot listen on " + where + ": " + e.getMessage());
    }

    private Address chooseAddress() {
        if (address != null) {
            return Addresses.parse(address);
        }
        Path file = sessionPath();
        Optional<SessionInfo> session = Optional.empty();
        if (file != null) {
            try {
                session = new SessionFile(file).read();
            } catch (IOException e) {
                System.err.println("sockrepl: ignoring " + e.getMessage());
            }
        }
        if (session.isPresent()) {
            System.err.println(
                    "sockrepl: no address given; using " + session.get().address() + " from " + file);
            return session.get().address();
        }
        System.err.println("sockrepl: no address given; using " + Addresses.DEFAULT_SOCKET + " in this directory");
        return Addresses.defaultSocket();
    }

    /** Port 0 is resolved once, so that every JVM the supervisor starts serves the same port. */
    private static int freePort(Address where) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(where.host()))) {
            return probe.getLocalPort();
        }
    }

    /** Whether a stop signal ends this JVM (see {@link #recordStopSignals}). */
    private volatile boolean signalled;

    private int serveHere() throws InterruptedException {
        Address where = Addresses.parse(address);
        ServerConfig.Builder builder = ServerConfig.at(where)
                .sessionFile(sessionPath())
                .token(System.getenv(TOKEN_ENV))
                .allowRemote(allowRemote)
                .maxFrameBytes(maxFrameBytes)
                .maxReplyBytes(maxReplyBytes)
                .maxConsoleSessions(maxConsoleSessions)
                .maxQueuedRequests(maxQueued)
                .restartInProcess(false)
                .warmUp(asStandby);
        if (sharedListener != null) {
            try {
                builder.listenerFrom(sharedListener(where));
            } catch (IOException e) {
                System.err.println("sockrepl: " + e.getMessage());
                return ExitCodes.START_FAILED;
            }
        }
        if (auditLog.file != null) {
            builder.auditLog("-".equals(auditLog.file) ? null : Path.of(auditLog.absolute()));
        }
        Path logFile;
        try {
            logFile = logTo(where);
        } catch (IOException e) {
            System.err.println("sockrepl: cannot log to a file: " + e.getMessage());
            return ExitCodes.START_FAILED;
        }
        builder.logFile(logFile);
        ServerConfig config = builder.build();
        AtomicReference<SockreplServer> started = new AtomicReference<>();
        if (sharedListener != null) {
            recordStopSignals();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(started.get()), "sockrepl-shutdown"));
        SockreplServer server;
        try {
            server = SockreplServer.start(config);
        } catch (ListenerSource.Withdrawn e) {
            return ExitCodes.OK;
        } catch (IOException e) {
            System.err.println("sockrepl: " + e.getMessage());
            return ExitCodes.START_FAILED;
        }
        started.set(server);
        watchSupervisor(server);
        System.out.println("sockrepl: serving on " + server.address() + " (pid "
                + ProcessHandle.current().pid() + ")" + (logFile == null ? "" : "; log in " + logFile)
                + "; stop it with: sockrepl stop"
                + (sessionPath() == null ? " " + server.address() : ""));
        if (server.token() != null && sessionPath() == null) {
            System.out.println("sockrepl: token " + server.token());
        }
        System.out.flush();
        return server.awaitTermination() == SockreplServer.Termination.RESTART ? ExitCodes.RESTART : ExitCodes.OK;
    }

    /**
     * Sends this JVM's log to its file, warnings and errors to stderr too: the terminal {@code serve}
     * runs in is often the one a console is attached from, which INFO lines would garble.
     *
     * @return the file, or null for stderr
     */
    private Path logTo(Address where) throws IOException {
        if ("-".equals(log.file)) {
            return null;
        }
        Path file = log.file != null ? Path.of(log.file) : LogLines.defaultFile(where);
        LogLines.toFile(file, true);
        return file;
    }

    /**
     * The supervisor's socket, served once this JVM's turn comes ({@link ServingTurn}): at once,
     * or for a standby when the serving JVM has ended. Taken before the wait, while its file is
     * the supervisor's: a standby whose turn comes after a stop, which removes the file, serves
     * nothing.
     */
    private ListenerSource sharedListener(Address where) throws IOException {
        BoundSocket listener = BoundSocket.inherited(where);
        return () -> {
            if (asStandby) {
                ServingTurn.await(sharedListener);
            } else {
                ServingTurn.take(sharedListener);
            }
            if (!listener.isReachable()) {
                throw new ListenerSource.Withdrawn("the server was stopped: " + where + " is gone");
            }
            served = listener;
            return listener;
        };
    }

    /**
     * Ends the server on SIGTERM, SIGINT or SIGHUP; a start that such a signal cuts short, once
     * this JVM has its turn, leaves no socket or session file behind either.
     */
    private void shutDown(SockreplServer server) {
        if (server != null) {
            if (sharedListener != null && !signalled) {
                // not a stop: an exit that got past containment, say; the supervisor starts the
                // next JVM on the same socket, so the socket and session file stay
                server.leave();
            } else {
                server.close();
            }
            return;
        }
        BoundSocket listener = served;
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                // the JVM is ending; the file stays for the next server to find stale
            }
            Path session = sessionPath();
            if (session != null) {
                new SessionFile(session).deleteIfOwnedBy(ProcessHandle.current().pid());
            }
        }
    }

    /**
     * Tells a JVM that ends because of SIGINT, SIGTERM or SIGHUP (the supervisor passing on a
     * Ctrl+C, or a signal to this JVM alone, which ends the serve) from one that ends any other way:
     * only the first removes the shared socket. Ends with 128 + the signal's number, as the JVM's
     * own handlers do.
     */
    private void recordStopSignals() {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                    signalled = true;
                    System.exit(128 + s.getNumber());
                });
            } catch (IllegalArgumentException notHere) {
                // a signal this JVM does not let be handled: ending by it leaves the socket, as any exit
            }
        }
    }

    /** A server whose supervisor died (kill -9) stops too, rather than serve unsupervised. */
    private void watchSupervisor(SockreplServer server) {
        if (supervisorPid <= 0) {
            return;
        }
        Daemons.start("sockrepl-supervisor-watch", () -> {
            Optional<ProcessHandle> parent = ProcessHandle.of(supervisorPid);
            while (parent.isPresent() && parent.get().isAlive() && !server.isTerminated()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            server.close();
        });
    }
}
