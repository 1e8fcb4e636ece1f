package io.sockrepl.server;

import io.sockrepl.core.Address;
import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.Daemons;
import io.sockrepl.core.Inband;
import io.sockrepl.core.RuntimeDir;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import io.sockrepl.core.Tokens;
import io.sockrepl.server.agent.ExitContainment;
import io.sockrepl.server.agent.Instrumentations;
import io.sockrepl.server.audit.AuditLog;
import io.sockrepl.server.batch.EvalQueue;
import io.sockrepl.server.console.ConsoleEnvironment;
import io.sockrepl.server.control.Lifecycle;
import io.sockrepl.server.control.ServerContext;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.eval.Exits;
import io.sockrepl.server.eval.OutputRouter;
import io.sockrepl.server.host.Engines;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.net.AcceptLoop;
import io.sockrepl.server.redefine.Redefiner;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jdk.jshell.JShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sockrepl server running in this JVM. Start one with {@link #start(ServerConfig)}:
 *
 * <pre>{@code
 * try (SockreplServer server = SockreplServer.start(ServerConfig.at(Address.parse("app.sock")).build())) {
 *     System.err.println("sockrepl on " + server.address());
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * Its threads are daemon threads; the evaluation state is created on the first snippet.
 */
public final class SockreplServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SockreplServer.class);

    /** Why a server ended. */
    public enum Termination {
        /** Closed, or stopped by a {@code stop} request. */
        STOPPED,
        /** A {@code restart} request asked the supervisor for a fresh JVM. */
        RESTART
    }

    private volatile BoundSocket listener;
    private final ServerContext context;
    private final ConsoleEnvironment console;
    private volatile AcceptLoop acceptLoop;
    private final SessionFile sessionFile;
    private final HostLoaders loaders;
    private final CompletableFuture<Termination> termination = new CompletableFuture<>();
    private volatile Runnable disarmExitGate = () -> {};
    private volatile Runnable releaseOutput = () -> {};
    private volatile boolean consolesEnded;

    private SockreplServer(ServerConfig config, Address address, String token, java.nio.file.Path auditLog) {
        this.sessionFile = config.sessionFile == null ? null : new SessionFile(config.sessionFile);
        this.loaders = new HostLoaders(config.hostLoader, config.loaderClass);
        Engines engines = new Engines(loaders, config.bindings);
        EvalQueue queue = new EvalQueue(engines, config.maxReplyBytes, config.maxQueuedRequests);
        Redefiner redefiner = new Redefiner(loaders);
        AuditLog audit = AuditLog.to(auditLog);
        this.context = new ServerContext(
                address,
                token,
                queue,
                engines,
                new Ending(),
                redefiner,
                audit,
                new ServerContext.Limits(config.requestTimeout, config.maxFrameBytes, config.maxConsoleSessions),
                config.restartInProcess,
                config.logFile);
        this.console = new ConsoleEnvironment(engines, token, redefiner, audit, context.transport(), context.memory);
    }

    private void listenOn(BoundSocket bound) {
        this.listener = bound;
        this.acceptLoop = new AcceptLoop(bound, context, console);
    }

    /** Next to a UNIX socket; for TCP, in this user's runtime directory, never directly in /tmp. */
    private static java.nio.file.Path defaultAuditLog(Address address) throws IOException {
        return address.isUnix()
                ? java.nio.file.Path.of(address.absolute().path() + ".audit.log")
                : RuntimeDir.create().resolve("tcp-" + ProcessHandle.current().pid() + ".audit.log");
    }

    /**
     * Binds the address, writes the session file, and starts serving.
     *
     * @throws IOException if the address cannot be bound (the message says why, e.g. another
     *                     server listens there) or the session file cannot be written
     */
    public static SockreplServer start(ServerConfig config) throws IOException {
        Address requested = config.address;
        String token = config.token;
        if (token == null && !requested.isUnix()) {
            token = Tokens.generate();
        }
        openJShellInternals();
        java.nio.file.Path auditLog = config.auditLogChosen ? config.auditLog : defaultAuditLog(requested);
        SockreplServer server;
        BoundSocket listener;
        if (config.listenerSource != null) {
            server = new SockreplServer(config, requested.absolute(), token, auditLog);
            if (config.warmUp) {
                server.context.queue.prepare();
            }
            try {
                listener = config.listenerSource.take();
            } catch (IOException e) {
                server.context.queue.close();
                server.loaders.close();
                throw e;
            }
        } else {
            listener = BoundSocket.bind(requested, config.allowRemote);
            server = new SockreplServer(config, listener.effectiveAddress(), token, auditLog);
        }
        server.listenOn(listener);
        try {
            server.context.audit.check();
        } catch (IOException e) {
            listener.close();
            server.context.queue.close();
            server.loaders.close();
            throw new IOException("cannot keep the audit log there: " + e.getMessage(), e);
        }
        try {
            server.writeSessionFile();
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot write session file " + config.sessionFile + ": " + e.getMessage(), e);
        }
        server.releaseOutput = OutputRouter.hold();
        server.containExits();
        Daemons.start("sockrepl-accept", server.acceptLoop);
        LOG.info("listening on {}", server.address());
        return server;
    }

    /**
     * Snippets' own exit calls are refused in every JVM (their bytecode is rewritten as it loads);
     * with Instrumentation, Runtime itself refuses the calls of any thread working for a snippet.
     */
    private void containExits() {
        Instrumentations.ifAvailable().ifPresent(inst -> {
            try {
                disarmExitGate = ExitContainment.install(inst, Exits::refusal);
            } catch (IOException e) {
                LOG.warn(
                        "only a snippet's own System.exit calls are refused, not those it makes through other code: {}",
                        e.getMessage());
            }
        });
    }

    /**
     * Lets {@link Engine}s compact their JShell state (see {@code StateCompaction}), so that a
     * server that has run thousands of snippets answers as fast as a new one.
     */
    private static void openJShellInternals() {
        Instrumentations.ifAvailable().ifPresent(inst -> {
            Module jshell = JShell.class.getModule();
            if (!jshell.isOpen(JShell.class.getPackageName(), Engine.class.getModule())) {
                inst.redefineModule(
                        jshell,
                        Set.of(),
                        Map.of(),
                        Map.of(JShell.class.getPackageName(), Set.of(Engine.class.getModule())),
                        Set.of(),
                        Map.of());
            }
        });
    }

    private void writeSessionFile() throws IOException {
        if (sessionFile != null) {
            sessionFile.write(new SessionInfo(
                    address(),
                    ProcessHandle.current().pid(),
                    context.token,
                    Instant.now().toString()));
        }
    }

    /** The address clients use: absolute for UNIX sockets, the real port for TCP port 0. */
    public Address address() {
        return context.address;
    }

    /** The token requests must carry, or {@code null} when none is required (UNIX sockets). */
    public String token() {
        return context.token;
    }

    /** Waits until the server ends and says why. */
    public Termination awaitTermination() throws InterruptedException {
        try {
            return termination.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the server has ended. */
    public boolean isTerminated() {
        return termination.isDone();
    }

    /** What the server's operations may do to it, kept off its public API. */
    private final class Ending implements Lifecycle {

        /**
         * A client that connects after a restart acknowledgement reaches the next JVM, either in the
         * backlog of a socket the supervisor keeps open or, for TCP, by connecting again once it
         * listens; never this JVM on its way out, which would reset the connection.
         */
        @Override
        public void stopAccepting() {
            SockreplServer.this.stopAccepting();
        }

        @Override
        public void stop() {
            terminate(Termination.STOPPED);
        }

        @Override
        public void restartInNewJvm() {
            terminate(Termination.RESTART);
        }
    }

    private void stopAccepting() {
        try {
            listener.stopAccepting();
        } catch (IOException e) {
            LOG.warn("closing the listener: {}", e.getMessage());
        }
    }

    private void terminate(Termination why) {
        synchronized (termination) {
            if (termination.isDone()) {
                return;
            }
            if (why == Termination.RESTART) {
                stopAccepting();
            } else {
                try {
                    listener.close();
                } catch (IOException e) {
                    LOG.warn("closing the listener: {}", e.getMessage());
                }
            }
            acceptLoop.shutdown();
            context.queue.close();
            loaders.close();
            endConsoleSessions(why);
            context.audit.close();
            context.redefiner.close();
            disarmExitGate.run();
            releaseOutput.run();
            if (sessionFile != null && why == Termination.STOPPED) {
                sessionFile.deleteIfOwnedBy(ProcessHandle.current().pid());
            }
            LOG.info("{} ({})", why == Termination.STOPPED ? "stopped" : "restarting", address());
            termination.complete(why);
        }
    }

    /**
     * Tells the console sessions why the server ends, and ends them. A restart waits a second
     * only: the next server already answers, and this JVM (serve's) ends.
     */
    private void endConsoleSessions(Termination why) {
        if (why == Termination.RESTART) {
            context.endConsoleSessions(Inband.Ending.SERVER_RESTARTING, java.time.Duration.ofSeconds(1));
            return;
        }
        // a supervised server's JVM ends with it; an embedded or injected one's goes on
        Inband.Ending ending = context.restartInProcess ? Inband.Ending.SERVER_STOPPED : Inband.Ending.SERVER_ENDED;
        consolesEnded = context.endConsoleSessions(ending, java.time.Duration.ofSeconds(5));
        if (!consolesEnded) {
            LOG.warn("console sessions were still open 5 s after the server stopped");
        }
    }

    /**
     * Whether every console session had ended when the server stopped: then nothing of the server
     * runs any more, and what it holds natively (terminals) may be released.
     */
    public boolean consoleSessionsEnded() {
        return consolesEnded;
    }

    /**
     * Ends the server as a restart does: it stops accepting and leaves its socket and session file
     * to the next server on the same listener. For a server JVM that ends without being asked to
     * stop ({@code serve}'s supervisor then starts another on the same socket).
     */
    public void leave() {
        terminate(Termination.RESTART);
    }

    /** Stops the server: ends its console sessions, interrupts any running snippet, removes the socket and session files. */
    @Override
    public void close() {
        terminate(Termination.STOPPED);
    }
}
