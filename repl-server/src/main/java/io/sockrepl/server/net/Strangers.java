package io.sockrepl.server.net;

import io.sockrepl.core.PeerCheck;
import io.sockrepl.server.control.Refusals;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Connections to a server that requires a token, from the moment they are accepted until they
 * have shown they hold it (a batch frame that carries it, an attach frame, a terminal that typed
 * it at the prompt). Anyone who can reach the port can open them, so they have a budget of their
 * own: at most {@value #MAX} at once, the oldest closed to make room for the next, each closed
 * once it has been a stranger for {@value #DEADLINE_SECONDS} s. A flood of silent or slow
 * strangers then holds a few threads and no console slot, and a client that sends its request at
 * once gets through it.
 */
final class Strangers {

    static final int MAX = 16;
    static final int DEADLINE_SECONDS = 30;
    /** How long a stranger may take to send each part of its first frame. */
    static final int READ_MILLIS = 5000;

    private final boolean tokenRequired;
    private final Refusals refusals;
    /** Oldest first, with the time each must have shown its token by. */
    private final Map<Socket, Long> waiting = new LinkedHashMap<>();

    Strangers(boolean tokenRequired, Refusals refusals) {
        this.tokenRequired = tokenRequired;
        this.refusals = refusals;
    }

    /** Whether connections must show a token before anything else: then they start as strangers. */
    boolean tokenRequired() {
        return tokenRequired;
    }

    /** Counts {@code socket} as a stranger, closing those that are out of time or, when full, the oldest. */
    void admit(Socket socket) {
        if (!tokenRequired) {
            return;
        }
        List<Socket> overdue = new ArrayList<>();
        Socket evicted = null;
        long now = System.nanoTime();
        synchronized (waiting) {
            for (Iterator<Map.Entry<Socket, Long>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Socket, Long> e = it.next();
                if (now - e.getValue() > 0) {
                    overdue.add(e.getKey());
                    it.remove();
                }
            }
            if (waiting.size() >= MAX) {
                Iterator<Socket> oldest = waiting.keySet().iterator();
                evicted = oldest.next();
                oldest.remove();
            }
            waiting.put(socket, now + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS));
        }
        for (Socket s : overdue) {
            close(s, "did not show a token within " + DEADLINE_SECONDS + " s");
        }
        if (evicted != null) {
            close(evicted, "closed to make room: " + MAX + " connections were waiting to show a token");
        }
    }

    /** {@code socket} has shown its token, or has ended: it is no stranger any more. */
    void leave(Socket socket) {
        synchronized (waiting) {
            waiting.remove(socket);
        }
    }

    /** Closes every stranger: the server stops. */
    void closeAll() {
        List<Socket> all;
        synchronized (waiting) {
            all = new ArrayList<>(waiting.keySet());
            waiting.clear();
        }
        for (Socket s : all) {
            quietly(s);
        }
    }

    private void close(Socket socket, String why) {
        refusals.record(PeerCheck.describe(socket), why);
        quietly(socket);
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }
}
