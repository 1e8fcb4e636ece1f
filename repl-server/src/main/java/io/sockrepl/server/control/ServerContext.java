package io.sockrepl.server.control;

import io.sockrepl.core.Address;
import io.sockrepl.server.audit.AuditLog;
import io.sockrepl.server.batch.EvalQueue;
import io.sockrepl.server.redefine.Redefiner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

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
    public final Lifecycle lifecycle;
    public final Redefiner redefiner;
    public final AuditLog audit;
    public final Limits limits;
    /** Whether {@code restart} renews the evaluation state in this JVM instead of asking for a new one. */
    public final boolean restartInProcess;
    /** Where the server logs, for {@code status}; null when not to a file. */
    public final Path logFile;

    public final MemoryReserve memory = new MemoryReserve();

    private volatile Instant startedAt = Instant.now();
    private final AtomicInteger consoleSessions = new AtomicInteger();

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
            Lifecycle lifecycle,
            Redefiner redefiner,
            AuditLog audit,
            Limits limits,
            boolean restartInProcess,
            Path logFile) {
        this.address = address;
        this.token = token;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.redefiner = redefiner;
        this.audit = audit;
        this.limits = limits;
        this.restartInProcess = restartInProcess;
        this.logFile = logFile;
    }

    /** Takes a console session slot; false when all of them are taken. */
    public boolean openConsoleSession() {
        if (consoleSessions.incrementAndGet() > limits.maxConsoleSessions()) {
            consoleSessions.decrementAndGet();
            return false;
        }
        return true;
    }

    public void closeConsoleSession() {
        consoleSessions.decrementAndGet();
    }

    int consoleSessions() {
        return consoleSessions.get();
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
