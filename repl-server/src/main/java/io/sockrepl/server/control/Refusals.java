package io.sockrepl.server.control;

import io.sockrepl.server.audit.AuditLog;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connection or request the server turns away (another user's peer, a missing or wrong
 * token, a stranger that took too long or made room for another): counted for {@code status},
 * and written to the log and the audit one by one up to {@value #PER_WINDOW} in ten seconds, then
 * as one count, so that a flood of strangers cannot fill the log or the disk.
 */
public final class Refusals {

    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    static final int PER_WINDOW = 10;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AuditLog audit;
    private final String transport;
    private final AtomicLong total = new AtomicLong();
    private volatile String last = "";

    private long windowStart = System.nanoTime();
    private int inWindow;
    private long untold;

    Refusals(AuditLog audit, String transport) {
        this.audit = audit;
        this.transport = transport;
    }

    /**
     * @param peer   who was refused, as {@code PeerCheck.describe} says it
     * @param reason why, in a few words
     */
    public void record(String peer, String reason) {
        total.incrementAndGet();
        last = reason;
        long summary = 0;
        boolean told;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart >= WINDOW_NANOS) {
                summary = untold;
                untold = 0;
                inWindow = 0;
                windowStart = now;
            }
            told = ++inWindow <= PER_WINDOW;
            if (!told) {
                untold++;
            }
        }
        if (summary > 0) {
            String counted = summary + " more refusals in the 10 s before were not recorded one by one";
            LOG.warn(counted);
            audit.refused("-", transport, counted);
        }
        if (told) {
            LOG.warn("refused {}: {}", peer, reason);
            audit.refused(peer, transport, reason);
        }
    }

    /** How many connections and requests were refused since the server started. */
    public long total() {
        return total.get();
    }

    /** Why the latest was, or an empty string. */
    public String last() {
        return last;
    }
}
