package io.sockrepl.server.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.server.host.Engines;
import io.sockrepl.server.host.HostLoaders;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a submitter does when its snippet ends holds up no later snippet, and is done before the queue has closed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EvalQueueTest {

    private static EvalQueue queue() {
        return new EvalQueue(new Engines(new HostLoaders(null, null), List.of()), 1 << 20, 100);
    }

    private static void noWatch(CompletableFuture<SnippetRun> run) {}

    @Test
    void closeWaitsForWhatARunOnItsCallersThreadDoesWhenItEnds() throws Exception {
        EvalQueue queue = queue();
        CountDownLatch ending = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        Thread caller = new Thread(() -> queue.submit(
                "get(1);",
                0,
                null,
                r -> {
                    ending.countDown();
                    sleep(500);
                    ended.set(true);
                },
                EvalQueueTest::noWatch));
        caller.start();
        assertTrue(ending.await(60, TimeUnit.SECONDS), "the snippet ran");
        queue.close();
        assertTrue(ended.get(), "close returned while the end of a run was still being handled");
        caller.join();
    }

    /** Replying and recording take longer than a repeated snippet runs; the next one need not wait. */
    @Test
    void theEndOfARunOnItsCallersThreadHoldsUpNoSnippetAfterIt() throws Exception {
        try (EvalQueue queue = queue()) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch ending = new CountDownLatch(1);
            Thread first = new Thread(() -> queue.submit(
                    "get(1);",
                    0,
                    null,
                    r -> {
                        ending.countDown();
                        sleep(500);
                        order.add(r.captured());
                    },
                    EvalQueueTest::noWatch));
            first.start();
            assertTrue(ending.await(60, TimeUnit.SECONDS), "the first snippet ran");
            queue.submit("get(2);", 0, null, r -> order.add(r.captured()), EvalQueueTest::noWatch)
                    .get(60, TimeUnit.SECONDS);
            first.join();
            assertEquals(List.of("2", "1"), order);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
