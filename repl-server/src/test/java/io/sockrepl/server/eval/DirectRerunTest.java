package io.sockrepl.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.core.Outcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A request sent again runs its statements on the evaluating thread, and is stopped there as JShell
 * stops its own runs (a stop on JDK 17, JShell's stop checks on JDK 25), without the stop reaching
 * the thread once the run has ended. The evaluation runs on its own thread, as a server's does.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public class DirectRerunTest {

    /** Released by the snippet each time it runs (public: snippets see this class as any other). */
    public static final Semaphore RUNS = new Semaphore(0);

    private static final String RUN_STARTED = DirectRerunTest.class.getName() + ".RUNS.release();\n";
    /** Run once before a stop, and again (without compiling) on the evaluating thread after it. */
    private static final String INTERRUPTED = "get(Thread.currentThread().isInterrupted());";

    private final ExecutorService evaluator = Executors.newSingleThreadExecutor();
    private Engine engine;

    @BeforeAll
    static void route() {
        OutputRouter.install();
    }

    @BeforeEach
    void create() {
        engine = Engine.create(DirectRerunTest.class.getClassLoader(), System.getProperty("java.class.path"));
        engine.dropTemporaryVariables();
        RUNS.drainPermits();
    }

    @AfterEach
    void close() {
        evaluator.shutdownNow();
        engine.close();
    }

    private Future<EvalResult> submit(String source, Interruption interruption) {
        return evaluator.submit(() -> engine.eval(source, new Capture(1 << 20), interruption));
    }

    private String run(String source) throws Exception {
        Capture capture = new Capture(1 << 20);
        EvalResult r = evaluator
                .submit(() -> engine.eval(source, capture, new Interruption()))
                .get(60, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, r.outcome(), r.error());
        return capture.captured();
    }

    /**
     * Runs {@code request} once as it is, makes {@code change} so that it blocks when run again,
     * runs it again, and stops that run once it has started. Checks that the rerun compiled
     * nothing, and that the thread it ran on was not left interrupted (asked in the same task: a
     * thread pool clears that between tasks, a console's thread does not).
     *
     * @return how the stopped rerun ended
     */
    private EvalResult stopRerun(String request, String change, String reason) throws Exception {
        assertEquals("false", run(INTERRUPTED));
        run(request);
        RUNS.acquire();
        run(change);
        long snippets = engine.jshell().snippets().count();
        Interruption interruption = new Interruption();
        Capture after = new Capture(1 << 20);
        Future<EvalResult> rerun = evaluator.submit(() -> {
            EvalResult r = engine.eval(request, new Capture(1 << 20), interruption);
            engine.eval(INTERRUPTED, after, new Interruption());
            return r;
        });
        assertTrue(RUNS.tryAcquire(60, TimeUnit.SECONDS), "the rerun started");
        assertTrue(interruption.interrupt(reason));
        EvalResult stopped = rerun.get(60, TimeUnit.SECONDS);
        assertEquals(snippets, engine.jshell().snippets().count(), "the rerun compiled nothing");
        assertEquals("false", after.captured(), "the stop left the thread interrupted");
        return stopped;
    }

    @Test
    void aRerunThatLoopsIsStoppedAndItsThreadServesTheNextRequestUnharmed() throws Exception {
        run("long[] limit = {0};");
        String request = RUN_STARTED + "for (long i = 0; i < limit[0]; i++) { Thread.onSpinWait(); }\nThread.sleep(1);";
        EvalResult stopped = stopRerun(request, "limit[0] = Long.MAX_VALUE;", "Ctrl+C");
        assertEquals(Outcome.INTERRUPTED, stopped.outcome());
        run("limit[0] = 0;");
        run(request);
        assertEquals("2", run("get(1 + 1);"));
    }

    @Test
    void aRerunThatSleepsIsWokenAndStopped() throws Exception {
        run("long[] millis = {0};");
        EvalResult stopped = stopRerun(RUN_STARTED + "Thread.sleep(millis[0]);", "millis[0] = 600_000;", "hung up");
        // JDK 25 stops a statement at its next stop check; one asleep wakes with an exception first
        assertTrue(
                stopped.outcome() == Outcome.INTERRUPTED
                        || stopped.error().startsWith("java.lang.InterruptedException"),
                stopped.outcome() + ": " + stopped.error());
        assertEquals("ok", run("get(\"ok\");"));
    }

    @Test
    void stopsThatArriveAsARerunEndsNeverReachTheThreadAfterIt() throws Exception {
        run("long[] spin = {0}; int[] runs = {0};");
        String request = "runs[0]++;\nfor (long t0 = System.nanoTime(); System.nanoTime() - t0 < spin[0]; ) { }";
        run(request);
        run("spin[0] = 3_000_000;");
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        int runs = 1;
        for (int i = 0; i < 300; i++) {
            Interruption interruption = new Interruption();
            Future<EvalResult> rerun = submit(request, interruption);
            // where the stop lands is the scenario, not a wait for anything: a random moment in
            // the rerun's 3 ms or after them, to the microsecond (a sleep rounds up to whole ms)
            long stopAt = System.nanoTime() + ThreadLocalRandom.current().nextLong(6_000_000);
            while (System.nanoTime() < stopAt) {
                Thread.onSpinWait();
            }
            interruption.interrupt("a timeout");
            Outcome outcome = rerun.get(60, TimeUnit.SECONDS).outcome();
            outcomes.merge(outcome, 1, Integer::sum);
            // a stop that landed after the rerun would fail this request, or end the thread
            int now = Integer.parseInt(run("get(runs[0]);"));
            assertTrue(now == runs || now == runs + 1, now + " after " + runs);
            runs = now;
        }
        assertTrue(
                outcomes.keySet().stream().allMatch(o -> o == Outcome.OK || o == Outcome.INTERRUPTED),
                outcomes.toString());
        assertTrue(outcomes.containsKey(Outcome.INTERRUPTED), "some reruns were stopped: " + outcomes);
    }
}
