package io.sockrepl.server.batch;

import io.sockrepl.core.Daemons;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Starts the hang-up watch of a snippet that runs on its client's own connection thread, which
 * cannot watch while it runs, but only once the run has lasted {@value #AFTER_MILLIS} ms. Handing
 * every run to a watching thread would wake that thread each time, which on a small VM costs
 * about as much as answering a repeated request; a client that hangs up is noticed that much
 * later, which for a run that long makes no difference.
 *
 * <p>One thread, started with the first such run, looks every {@value #TICK_MILLIS} ms while
 * snippets keep coming, and sleeps after {@value #IDLE_MILLIS} ms without one; only a run that
 * finds it asleep wakes it.
 */
final class LongRunWatch implements AutoCloseable {

    static final long AFTER_MILLIS = 50;
    static final long TICK_MILLIS = 20;
    static final long IDLE_MILLIS = 10_000;

    private final long afterNanos;
    private final long tickNanos;
    private final long idleNanos;

    /** A run on its caller's thread, and how to watch its client. */
    private record Run(
            CompletableFuture<SnippetRun> result, Consumer<CompletableFuture<SnippetRun>> watch, long since) {}

    private final ExecutorService watchers = new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), Daemons.named("sockrepl-watch"));
    /** Started with the first run; guarded by this. */
    private Thread looker;
    /** The run on its caller's thread now; there is at most one, as only one snippet runs at a time. */
    private volatile Run current;

    private volatile boolean asleep = true;
    private volatile boolean closed;

    LongRunWatch() {
        this(AFTER_MILLIS, TICK_MILLIS, IDLE_MILLIS);
    }

    LongRunWatch(long afterMillis, long tickMillis, long idleMillis) {
        afterNanos = TimeUnit.MILLISECONDS.toNanos(afterMillis);
        tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    }

    /** A run starts on its caller's thread; {@code watch} blocks until the run ends or its client hangs up. */
    void started(CompletableFuture<SnippetRun> result, Consumer<CompletableFuture<SnippetRun>> watch) {
        current = new Run(result, watch, System.nanoTime());
        if (asleep) {
            wake();
        }
    }

    private synchronized void wake() {
        if (looker == null) {
            looker = Daemons.start("sockrepl-long-runs", this::look);
        } else {
            LockSupport.unpark(looker);
        }
    }

    void ended() {
        current = null;
    }

    /** Whether the looker sleeps until a run wakes it. */
    boolean asleep() {
        return asleep;
    }

    private void look() {
        asleep = false;
        long lastSeen = System.nanoTime();
        Run handedOn = null;
        while (!closed) {
            Run run = current;
            long now = System.nanoTime();
            if (run != null) {
                lastSeen = now;
                if (run != handedOn && !run.result().isDone() && now - run.since() >= afterNanos) {
                    handedOn = run;
                    handOn(run);
                }
            }
            if (now - lastSeen < idleNanos) {
                LockSupport.parkNanos(tickNanos);
                continue;
            }
            // asleep is written before current is read, and started() does the reverse: one of
            // the two sees the other's write, so a run that starts now is never missed
            asleep = true;
            if (current == null && !closed) {
                LockSupport.park();
            }
            asleep = false;
            lastSeen = System.nanoTime();
        }
    }

    private void handOn(Run run) {
        try {
            watchers.execute(() -> run.watch().accept(run.result()));
        } catch (RejectedExecutionException closing) {
            // the server is stopping and ends the run itself
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (looker != null) {
                LockSupport.unpark(looker);
            }
        }
        watchers.shutdown();
    }
}
