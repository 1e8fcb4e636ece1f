package io.sockrepl.server;

import io.sockrepl.core.Address;
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
    private volatile Instant startedAt = Instant.now();

    ServerContext(ServerConfig config, Address address, String token, EvalQueue queue,
                  SockreplServer server, Redefiner redefiner) {
        this.config = config;
        this.address = address;
        this.token = token;
        this.queue = queue;
        this.server = server;
        this.redefiner = redefiner;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Marks an in-place restart: uptime counts from now. */
    void restarted() {
        startedAt = Instant.now();
    }
}
