package io.sockrepl.server;

import io.sockrepl.core.Address;
import io.sockrepl.server.audit.AuditLog;
import io.sockrepl.server.redefine.Redefiner;
import java.time.Instant;

/** What the operations of a running server share. */
final class ServerContext {

    final ServerConfig config;
    final Address address;
    final String token;
    final EvalQueue queue;
    final SockreplServer server;
    final Redefiner redefiner;
    final AuditLog audit;
    private volatile Instant startedAt = Instant.now();
    private final java.util.concurrent.atomic.AtomicInteger consoleSessions = new java.util.concurrent.atomic.AtomicInteger();

    ServerContext(ServerConfig config, Address address, String token, EvalQueue queue,
                  SockreplServer server, Redefiner redefiner, AuditLog audit) {
        this.config = config;
        this.address = address;
        this.token = token;
        this.queue = queue;
        this.server = server;
        this.redefiner = redefiner;
        this.audit = audit;
    }

    /** Takes a console session slot; false when all {@code maxConsoleSessions} are taken. */
    boolean openConsoleSession() {
        if (consoleSessions.incrementAndGet() > config.maxConsoleSessions) {
            consoleSessions.decrementAndGet();
            return false;
        }
        return true;
    }

    void closeConsoleSession() {
        consoleSessions.decrementAndGet();
    }

    int consoleSessions() {
        return consoleSessions.get();
    }

    /** {@code unix} or {@code tcp}, for records. */
    String transport() {
        return address.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Marks an in-place restart: uptime counts from now. */
    void restarted() {
        startedAt = Instant.now();
    }
}
