package io.sockrepl.server;

import io.sockrepl.core.Address;
import java.time.Instant;

/** What the operations of a running server share. */
final class ServerContext {

    final ServerConfig config;
    final Address address;
    final String token;
    final EvalQueue queue;
    final SockreplServer server;
    private volatile Instant startedAt = Instant.now();

    ServerContext(ServerConfig config, Address address, String token, EvalQueue queue,
                  SockreplServer server) {
        this.config = config;
        this.address = address;
        this.token = token;
        this.queue = queue;
        this.server = server;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Marks an in-place restart: uptime counts from now. */
    void restarted() {
        startedAt = Instant.now();
    }
}
