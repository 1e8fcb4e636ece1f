package io.sockrepl.server.eval;

import io.sockrepl.core.Daemons;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How one evaluation is stopped from another thread: a client gone, a timeout, Ctrl+C, a
 * {@code interrupt} request. Made for one {@link Engine#eval} call, the one mechanism batch
 * requests and consoles share.
 *
 * <p>JShell's stop does nothing while the snippet is still being compiled, so it is repeated
 * every {@value #STOP_RETRY_MILLIS} ms until the evaluation has ended. An interruption asked for
 * before the evaluation starts ends it before its first unit; one asked for after it ended is
 * ignored, so a late timeout never marks a finished snippet as interrupted.
 */
public final class Interruption {

    static final long STOP_RETRY_MILLIS = 50;
    private static final ScheduledExecutorService RETRIES =
            Executors.newSingleThreadScheduledExecutor(Daemons.named("sockrepl-stop"));

    private String reason;
    private Engine running;
    private boolean ended;
    /** Whether the stop-retry loop runs already (one per evaluation, however often it is asked). */
    private boolean stopping;

    /**
     * Stops the evaluation, now or as soon as it starts.
     *
     * @param why said to whoever waits for the result; the first reason given is kept
     * @return whether the evaluation had started and not yet ended
     */
    public boolean interrupt(String why) {
        Engine engine;
        synchronized (this) {
            if (ended) {
                return false;
            }
            if (reason == null) {
                reason = why;
            }
            engine = running;
            if (engine == null || stopping) {
                return engine != null;
            }
            stopping = true;
        }
        stopWhileRunning(engine);
        return true;
    }

    /** Why the evaluation was interrupted, or null if it was not. */
    public synchronized String reason() {
        return reason;
    }

    synchronized boolean requested() {
        return reason != null;
    }

    synchronized void started(Engine engine) {
        running = engine;
    }

    synchronized void ended() {
        running = null;
        ended = true;
    }

    private synchronized boolean stillRunning(Engine engine) {
        return running == engine;
    }

    private void stopWhileRunning(Engine engine) {
        if (!stillRunning(engine)) {
            return;
        }
        engine.stop();
        try {
            RETRIES.schedule(() -> stopWhileRunning(engine), STOP_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the JVM is shutting down
        }
    }
}
