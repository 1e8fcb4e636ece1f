package io.sockrepl.core;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Selectors kept for reuse by the connections of one listener: opening one costs about 18 µs here
 * (an epoll instance and its wake-up descriptor), a request's whole round trip about 80, and a
 * connection whose first read comes before the client's bytes has to wait in one. A selector that
 * comes back has no channel registered.
 */
final class SelectorPool implements AutoCloseable {

    private static final int KEPT = 16;

    private final Deque<Selector> idle = new ArrayDeque<>();
    private boolean closed;

    Selector take() throws IOException {
        synchronized (this) {
            Selector s = idle.pollFirst();
            if (s != null) {
                return s;
            }
        }
        return Selector.open();
    }

    void give(Selector selector) {
        synchronized (this) {
            if (!closed && idle.size() < KEPT && selector.isOpen()) {
                idle.addFirst(selector);
                return;
            }
        }
        closeQuietly(selector);
    }

    /** Closes the idle selectors; those in use are closed as they come back. */
    @Override
    public void close() {
        Selector[] left;
        synchronized (this) {
            closed = true;
            left = idle.toArray(Selector[]::new);
            idle.clear();
        }
        for (Selector s : left) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Selector selector) {
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
