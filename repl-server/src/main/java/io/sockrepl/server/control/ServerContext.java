package io.sockrepl.server.control;

import io.sockrepl.core.Address;
import io.sockrepl.server.audit.AuditLog;
import io.sockrepl.server.batch.EvalQueue;
import io.sockrepl.server.host.Engines;
import io.sockrepl.server.redefine.Redefiner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

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

    private volatile Instant startedAt = Instant.now();
    /** The connections of the open console sessions. */
    private final java.util.Set<java.net.Socket> consoles = new java.util.HashSet<>();

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

    /** Takes a console session slot for the session on {@code connection}; false when all of them are taken. */
    public boolean openConsoleSession(java.net.Socket connection) {
        synchronized (consoles) {
            if (consoles.size() >= limits.maxConsoleSessions()) {
                return false;
            }
            consoles.add(connection);
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
     * Ends every console session by closing its connection, and waits up to {@code patience} for
     * them to be over: a stopped server leaves no session evaluating in a JVM that goes on. Waits
     * through interrupts: the thread that stops the server is often one the stop interrupts.
     *
     * @return whether they all ended
     */
    public boolean endConsoleSessions(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (consoles) {
                for (java.net.Socket s : consoles) {
                    try {
                        s.close();
                    } catch (java.io.IOException e) {
                        // closed already
                    }
                }
                while (!consoles.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(consoles, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
