package io.sockrepl.server.batch;

import io.sockrepl.core.Daemons;
import io.sockrepl.core.Outcome;
import io.sockrepl.server.eval.Capture;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.eval.EvalResult;
import io.sockrepl.server.eval.Interruption;
import io.sockrepl.server.eval.LateOutput;
import io.sockrepl.server.eval.OutputRouter;
import io.sockrepl.server.host.Engines;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.host.LoaderNotFoundException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs batch snippets one at a time, in arrival order. A snippet that arrives while nothing runs
 * or waits runs on the thread that submits it; the others wait for the evaluating thread. Handing
 * every snippet to that thread would wake it each time, which on a small VM costs as much as
 * answering a repeated request. Requests share one evaluation state per application class loader
 * (usually just the preferred one), created on first use. Any thread may interrupt the running
 * snippet.
 */
public final class EvalQueue implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EvalQueue.class);

    private final Engines engines;
    private final long maxReplyBytes;
    private final int maxWaiting;
    private final BlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>();
    private final ThreadPoolExecutor worker =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, waiting, Daemons.named("sockrepl-eval"));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Daemons.named("sockrepl-timeout"));
    private final AtomicLong completed = new AtomicLong();
    /** Held by whoever evaluates now, or works on the states, on any thread. */
    private final ReentrantLock evaluating = new ReentrantLock();
    /** Held shared while a snippet runs on its caller's thread and its end is handled, exclusively by close. */
    private final ReadWriteLock ending = new ReentrantReadWriteLock();
    /** Work handed to the evaluating thread that has not ended; guarded by waiting. */
    private int queued;
    /** Snippets handed to the evaluating thread that have not started; guarded by waiting. */
    private int waitingSnippets;

    private volatile boolean closing;

    private final LongRunWatch longRuns = new LongRunWatch();
    private final Object lock = new Object();
    private final Map<ClassLoader, Engine> states = new HashMap<>();
    private Task running;

    /**
     * @param maxReplyBytes what a reply may carry of get(...) values and output, in all
     * @param maxWaiting    how many requests may wait behind the running one
     */
    public EvalQueue(Engines engines, long maxReplyBytes, int maxWaiting) {
        this.engines = engines;
        this.maxReplyBytes = maxReplyBytes;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Runs a snippet now, on this thread, when nothing runs or waits; else queues it. The future
     * completes when it has run (or was refused).
     *
     * @param loaderClass run in the loader of the class of this name; null for the preferred loader
     * @param whenDone    called with the result once, before {@link #close()} returns; for a
     *                    snippet that ran on this thread, after the next one may start, so that
     *                    replying and recording hold up nobody
     * @param hangUpWatch blocks until the future completes or the snippet's client hangs up (and
     *                    then {@linkplain #cancel cancels} it); for a snippet that runs on this
     *                    thread, called on another once the run has lasted a while. For a queued
     *                    snippet the caller, which is free, watches itself.
     */
    public CompletableFuture<SnippetRun> submit(
            String source,
            long timeoutMillis,
            String loaderClass,
            Consumer<SnippetRun> whenDone,
            Consumer<CompletableFuture<SnippetRun>> hangUpWatch) {
        Task task = new Task(source, timeoutMillis, loaderClass);
        String busy;
        synchronized (waiting) {
            if (queued == 0 && evaluating.tryLock()) {
                busy = null;
            } else if (waitingSnippets >= maxWaiting) {
                busy = "busy: " + waitingSnippets
                        + " requests are already waiting behind the running one (the limit); try again later";
            } else {
                task.result.thenAccept(whenDone);
                enqueue(task);
                return task.result;
            }
        }
        if (busy != null) {
            task.result.complete(SnippetRun.refused(busy));
            task.result.thenAccept(whenDone);
            return task.result;
        }
        ending.readLock().lock();
        try {
            longRuns.started(task.result, hangUpWatch);
            try {
                task.run();
            } finally {
                longRuns.ended();
                evaluating.unlock();
            }
            task.result.thenAccept(whenDone);
        } finally {
            ending.readLock().unlock();
        }
        return task.result;
    }

    /** Hands work to the evaluating thread, behind what waits there; the caller holds waiting. */
    private void enqueue(Runnable work) {
        queued++;
        if (work instanceof Task) {
            waitingSnippets++;
        }
        worker.execute(new Queued(work));
    }

    /** Work that waits for the evaluating thread, and then for whoever evaluates now to finish. */
    private final class Queued implements Runnable {
        final Runnable work;

        Queued(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            evaluating.lock();
            try {
                started();
                work.run();
            } finally {
                evaluating.unlock();
                ended();
            }
        }

        /** Taken out of the queue before it started. */
        void withdrawn() {
            started();
            ended();
        }

        private void started() {
            synchronized (waiting) {
                if (work instanceof Task) {
                    waitingSnippets--;
                }
            }
        }

        private void ended() {
            synchronized (waiting) {
                queued--;
            }
        }
    }

    /**
     * Interrupts the snippet running now.
     *
     * @return whether a snippet was running
     */
    public boolean interruptRunning(String reason) {
        return interruptAndWatch(reason) != null;
    }

    /**
     * Interrupts the snippet running now.
     *
     * @return the run, to see whether it really ends (a snippet that catches what stops it goes
     *     on), or null when none was running
     */
    public CompletableFuture<SnippetRun> interruptAndWatch(String reason) {
        synchronized (lock) {
            return running != null && running.interruption.interrupt(reason) ? running.result : null;
        }
    }

    /** Withdraws a request whose client went away: skipped if waiting, interrupted if running. */
    public void cancel(CompletableFuture<SnippetRun> result, String reason) {
        synchronized (lock) {
            if (running != null && running.result == result) {
                running.interruption.interrupt(reason);
                return;
            }
            // a task whose result is complete never starts (Task.run looks under this lock)
            if (!result.complete(SnippetRun.refused(reason))) {
                return;
            }
        }
        for (Runnable r : worker.getQueue()) {
            if (r instanceof Queued q && q.work instanceof Task t && t.result == result && worker.remove(q)) {
                q.withdrawn();
            }
        }
    }

    /** Replaces the evaluation state with a fresh one, after interrupting what runs. */
    public void reset() {
        interruptRunning("the server restarted");
        synchronized (waiting) {
            enqueue(() -> {
                closeStates();
                completed.set(0);
            });
        }
    }

    public long completedCount() {
        return completed.get();
    }

    public int waitingCount() {
        synchronized (waiting) {
            return waitingSnippets;
        }
    }

    /** How long the running snippet has run, in ms, or -1 when none runs. */
    public long runningMillis() {
        synchronized (lock) {
            return running == null ? -1 : (System.nanoTime() - running.startedNanos) / 1_000_000;
        }
    }

    @Override
    public void close() {
        closing = true;
        for (Runnable r : worker.getQueue()) {
            if (r instanceof Queued q && q.work instanceof Task t) {
                t.result.complete(SnippetRun.refused("interrupted: the server is stopping"));
            }
        }
        worker.getQueue().clear();
        interruptRunning("the server is stopping");
        worker.shutdown();
        boolean ended = false;
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
            // a snippet running on its client's thread, and then the handling of its end
            ended = evaluating.tryLock(2, TimeUnit.SECONDS);
            if (ending.writeLock().tryLock(2, TimeUnit.SECONDS)) {
                ending.writeLock().unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        longRuns.close();
        try {
            closeStates();
        } finally {
            if (ended) {
                evaluating.unlock();
            }
        }
    }

    private void closeStates() {
        synchronized (lock) {
            states.values().forEach(Engine::close);
            states.clear();
        }
    }

    private final class Task implements Runnable {
        final String source;
        final long timeoutMillis;
        final String loaderClass;
        final CompletableFuture<SnippetRun> result = new CompletableFuture<>();
        final Interruption interruption = new Interruption();
        long startedNanos;

        Task(String source, long timeoutMillis, String loaderClass) {
            this.source = source;
            this.timeoutMillis = timeoutMillis;
            this.loaderClass = loaderClass;
        }

        /**
         * Runs the task, and answers it whatever happens: a snippet that fills the heap can make
         * any allocation here fail, and a result never completed is a client that waits for ever.
         */
        @Override
        public void run() {
            try {
                evaluate();
            } catch (OutOfMemoryError e) {
                result.complete(SnippetRun.OUT_OF_MEMORY);
            }
        }

        private void evaluate() {
            if (closing) {
                result.complete(SnippetRun.refused("interrupted: the server is stopping"));
            }
            if (result.isDone()) {
                return;
            }
            Engine e;
            try {
                e = engine();
            } catch (LoaderNotFoundException notFound) {
                result.complete(SnippetRun.failed(notFound.getMessage()));
                return;
            } catch (RuntimeException | Error failure) {
                result.complete(SnippetRun.failed("cannot start the evaluation state: " + failure));
                return;
            }
            synchronized (lock) {
                if (result.isDone()) {
                    // withdrawn while its state was made
                    return;
                }
                running = this;
                startedNanos = System.nanoTime();
            }
            ScheduledFuture<?> timeout = timeoutMillis <= 0
                    ? null
                    : timer.schedule(
                            () -> interruption.interrupt(
                                    "the snippet ran longer than its timeout of " + timeoutMillis + " ms"),
                            timeoutMillis,
                            TimeUnit.MILLISECONDS);
            Capture capture = new Capture(maxReplyBytes);
            capture.afterwards(LateOutput.toLog("batch request " + (completed.get() + 1)));
            EvalResult r;
            try {
                r = e.eval(source, capture, interruption);
            } catch (RuntimeException | Error failure) {
                // JShell itself failed: the client must still get an answer, and the state may be broken
                LOG.warn("evaluation failed inside JShell", failure);
                r = new EvalResult(
                        Outcome.EXCEPTION,
                        "internal error in the evaluation engine: " + failure + "\n",
                        java.util.List.of(),
                        java.util.List.of());
            } finally {
                if (timeout != null) {
                    timeout.cancel(false);
                }
                synchronized (lock) {
                    running = null;
                }
            }
            long millis = (System.nanoTime() - startedNanos) / 1_000_000;
            completed.incrementAndGet();
            String interruptedBecause = interruption.reason();
            Outcome outcome = interruptedBecause != null ? Outcome.INTERRUPTED : r.outcome();
            String error = outcome == Outcome.INTERRUPTED ? "interrupted: " + interruptedBecause + "\n" : r.error();
            if (capture.truncated()) {
                outcome = outcome == Outcome.OK ? Outcome.EXCEPTION : outcome;
                error += "sockrepl: the reply was cut at " + maxReplyBytes + " bytes: the get(...) values and "
                        + "output of this snippet came to more (the server's --max-reply-bytes)\n";
            }
            result.complete(new SnippetRun(
                    capture.captured(),
                    error,
                    outcome,
                    capture.stdout(OutputRouter.charset()),
                    capture.stderr(OutputRouter.charset())
                            + r.warnings().stream().map(w -> w + "\n").collect(Collectors.joining()),
                    millis));
        }

        private Engine engine() throws LoaderNotFoundException {
            return state(loaderClass);
        }
    }

    /** The state of the loader of {@code loaderClass} (null: the preferred loader), made on first use. */
    private Engine state(String loaderClass) throws LoaderNotFoundException {
        ClassLoader loader = loaderClass == null ? engines.loaders().preferred() : HostLoaders.ofClass(loaderClass);
        synchronized (lock) {
            return states.computeIfAbsent(loader, l -> {
                Engine e = engines.create(l, java.util.List.of(), "batch requests");
                e.dropTemporaryVariables();
                return e;
            });
        }
    }

    /**
     * Makes the state snippets run in by default now, on the evaluation thread, so that the first
     * snippet does not wait for it: for a standby server, which has the time before it listens.
     */
    public void prepare() {
        CompletableFuture<Void> made = new CompletableFuture<>();
        synchronized (waiting) {
            enqueue(() -> {
                try {
                    state(null);
                    made.complete(null);
                } catch (LoaderNotFoundException | RuntimeException e) {
                    made.completeExceptionally(e);
                }
            });
        }
        made.join();
    }
}
