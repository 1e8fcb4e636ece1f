package io.sockrepl.core;

import java.io.IOException;

/**
 * A listening socket that another process bound and keeps open, which a server serves once its
 * turn comes: a supervisor's next server JVM waits behind the one serving now.
 */
@FunctionalInterface
public interface ListenerSource {

    /**
     * Waits until this process may accept on the socket, and returns it.
     *
     * @throws Withdrawn when it never may, because the server it would succeed stopped for good
     * @throws IOException when the socket cannot be had
     */
    BoundSocket take() throws IOException;

    /** The server this process was to succeed stopped for good: there is nothing left to serve. */
    final class Withdrawn extends IOException {
        private static final long serialVersionUID = 1L;

        public Withdrawn(String message) {
            super(message);
        }
    }
}
