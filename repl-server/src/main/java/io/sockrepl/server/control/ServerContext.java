package io.sockrepl.server.control;

import io.sockrepl.core.Address;
import io.sockrepl.core.Daemons;
import io.sockrepl.core.Inband;
import io.sockrepl.server.audit.AuditLog;
import io.sockrepl.server.batch.EvalQueue;
import io.sockrepl.server.host.Engines;
import io.sockrepl.server.redefine.Redefiner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the connections and operations of a running server share: its parts, and the settings
 * they act on. Built by the server from its configuration, so nothing below the public API
 * depends on it.
 */
public final class ServerContext {

    public final Address address;
    /** The token requests must carry, or null. */
    public final String token;

    public final EvalQueue queue;
    /** Every state, the batch requests' and the consoles'. */
    public final Engines engines;

    public final Lifecycle lifecycle;
    public final Redefiner redefiner;
    public final AuditLog audit;
    public final Limits limits;
    /** Whether {@code restart} renews the evaluation state in this JVM instead of asking for a new one. */
    public final boolean restartInProcess;
    /** Where the server logs, for {@code status}; null when not to a file. */
    public final Path logFile;

    public final MemoryReserve memory = new MemoryReserve();
    public final Refusals refusals;

    /** How long a session may take to hear that the server ends, before its connection is closed. */
    static final long TELL_MILLIS = 1000;

    private volatile Instant startedAt = Instant.now();
    /** The connections of the open console sessions, each with how to tell it that the server ends. */
    private final java.util.Map<java.net.Socket, Consumer<Inband.Ending>> consoles = new java.util.HashMap<>();

    /**
     * @param requestTimeout     how long a client may take to send its request
     * @param maxFrameBytes      the largest request frame read
     * @param maxConsoleSessions how many consoles may be open at once
     */
    public record Limits(Duration requestTimeout, int maxFrameBytes, int maxConsoleSessions) {}

    public ServerContext(
            Address address,
            String token,
            EvalQueue queue,
            Engines engines,
            Lifecycle lifecycle,
            Redefiner redefiner,
            AuditLog audit,
            Limits limits,
            boolean restartInProcess,
            Path logFile) {
        this.address = address;
        this.token = token;
        this.queue = queue;
        this.engines = engines;
        this.lifecycle = lifecycle;
        this.redefiner = redefiner;
        this.audit = audit;
        this.limits = limits;
        this.restartInProcess = restartInProcess;
        this.logFile = logFile;
        this.refusals = new Refusals(audit, transport());
    }

    /**
     * Takes a console session slot for the session on {@code connection}; false when all of them are taken.
     *
     * @param serverEnds tells the session why the server ends under it, and closes its connection
     */
    public boolean openConsoleSession(java.net.Socket connection, Consumer<Inband.Ending> serverEnds) {
        synchronized (consoles) {
            if (consoles.size() >= limits.maxConsoleSessions()) {
                return false;
            }
            consoles.put(connection, serverEnds);
            return true;
        }
    }

    public void closeConsoleSession(java.net.Socket connection) {
        synchronized (consoles) {
            consoles.remove(connection);
            consoles.notifyAll();
        }
    }

    int consoleSessions() {
        synchronized (consoles) {
            return consoles.size();
        }
    }

    /**
     * Ends every console session, telling each why (a client that speaks in-band messages hears it
     * after the screen so far), and waits up to {@code patience} for them to be over: a stopped
     * server leaves no session evaluating in a JVM that goes on. Each is told on a thread of its
     * own, since a client that stopped reading blocks the write; what is still open after
     * {@link #TELL_MILLIS} is closed without a word. Waits through interrupts: the thread that
     * stops the server is often one the stop interrupts.
     *
     * @return whether they all ended
     */
    public boolean endConsoleSessions(Inband.Ending why, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        java.util.List<Consumer<Inband.Ending>> open;
        synchronized (consoles) {
            open = new java.util.ArrayList<>(consoles.values());
        }
        for (Consumer<Inband.Ending> session : open) {
            Daemons.start("sockrepl-console-end", () -> session.accept(why));
        }
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (consoles) {
                interrupted |= awaitNoConsoles(Math.min(deadline, System.nanoTime() + TELL_MILLIS * 1_000_000L));
                for (java.net.Socket s : consoles.keySet()) {
                    try {
                        s.close();
                    } catch (java.io.IOException e) {
                        // closed already
                    }
                }
                interrupted |= awaitNoConsoles(deadline);
                return consoles.isEmpty();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits, holding {@code consoles}, until none is open or the deadline; whether it was interrupted. */
    private boolean awaitNoConsoles(long deadline) {
        boolean interrupted = false;
        while (!consoles.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(consoles, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** {@code unix} or {@code tcp}, for records. */
    public String transport() {
        return address.kind().name().toLowerCase(Locale.ROOT);
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Marks an in-place restart: uptime counts from now. */
    void restarted() {
        startedAt = Instant.now();
    }
}
