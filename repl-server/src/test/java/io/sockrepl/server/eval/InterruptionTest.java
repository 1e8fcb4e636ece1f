package io.sockrepl.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.core.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one way batch requests and consoles stop a snippet, against a real JShell state. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public class InterruptionTest {

    /** Counted down by the snippet once it runs (public: snippets see this class as any other). */
    public static final CountDownLatch STARTED = new CountDownLatch(1);

    private static Engine engine;

    @BeforeAll
    static void start() {
        OutputRouter.install();
        engine = Engine.create(InterruptionTest.class.getClassLoader(), System.getProperty("java.class.path"));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void askedBeforeTheStartTheSnippetNeverRuns() {
        Interruption early = new Interruption();
        assertFalse(early.interrupt("the client hung up"), "nothing was running yet");
        Capture capture = new Capture(1 << 20);
        EvalResult r = engine.eval("get(\"ran\");", capture, early);
        assertEquals(Outcome.INTERRUPTED, r.outcome());
        assertEquals("", capture.captured());
        assertEquals("the client hung up", early.reason());
    }

    @Test
    void aLoopIsStoppedFromAnotherThreadAndTheFirstReasonIsKept() throws Exception {
        Interruption interruption = new Interruption();
        CompletableFuture<EvalResult> run = CompletableFuture.supplyAsync(() -> engine.eval(
                InterruptionTest.class.getName() + ".STARTED.countDown();\nlong n = 0;\nwhile (true) { n++; }",
                new Capture(1 << 20),
                interruption));
        assertTrue(STARTED.await(60, TimeUnit.SECONDS));
        // the loop may still be compiling, when JShell's stop does nothing: asking once must be
        // enough, the retries are the Interruption's own
        assertTrue(interruption.interrupt("Ctrl+C"));
        interruption.interrupt("a later reason");
        assertEquals(Outcome.INTERRUPTED, run.get(60, TimeUnit.SECONDS).outcome());
        assertEquals("Ctrl+C", interruption.reason());
    }

    @Test
    void askedAfterTheEndItChangesNothing() {
        Interruption late = new Interruption();
        EvalResult r = engine.eval("get(1);", new Capture(1 << 20), late);
        assertEquals(Outcome.OK, r.outcome());
        assertFalse(late.interrupt("the snippet ran longer than its timeout"));
        assertNull(late.reason(), "a timeout that fires after the end does not mark the run interrupted");
        assertEquals(
                Outcome.OK,
                engine.eval("get(2);", new Capture(1 << 20), new Interruption()).outcome());
    }
}
