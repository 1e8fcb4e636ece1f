package io.sockrepl.server.batch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs on their caller's thread get a watch once they last, and only then; its looker sleeps and wakes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LongRunWatchTest {

    @Test
    void aRunThatLastsIsWatchedFromAnotherThreadUntilItEnds() throws Exception {
        try (LongRunWatch watch = new LongRunWatch(50, 5, 10_000)) {
            CompletableFuture<SnippetRun> run = new CompletableFuture<>();
            AtomicReference<Thread> watcher = new AtomicReference<>();
            CountDownLatch watching = new CountDownLatch(1);
            watch.started(run, r -> {
                assertSame(run, r);
                watcher.set(Thread.currentThread());
                watching.countDown();
                r.join();
            });
            assertTrue(watching.await(10, TimeUnit.SECONDS), "watched");
            assertTrue(watcher.get() != Thread.currentThread());
            run.complete(SnippetRun.refused("done"));
            watch.ended();
        }
    }

    @Test
    void aRunThatEndsSoonIsNeverWatched() throws Exception {
        try (LongRunWatch watch = new LongRunWatch(300, 5, 10_000)) {
            CountDownLatch watched = new CountDownLatch(1);
            for (int i = 0; i < 20; i++) {
                CompletableFuture<SnippetRun> run = new CompletableFuture<>();
                watch.started(run, r -> watched.countDown());
                run.complete(SnippetRun.refused("done"));
                watch.ended();
            }
            assertFalse(watched.await(600, TimeUnit.MILLISECONDS), "a run that ended was watched");
        }
    }

    @Test
    void aRunThatStartsAfterTheLookerFellAsleepWakesIt() throws Exception {
        try (LongRunWatch watch = new LongRunWatch(20, 5, 50)) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<SnippetRun> run = new CompletableFuture<>();
                CountDownLatch watching = new CountDownLatch(1);
                watch.started(run, r -> watching.countDown());
                assertTrue(watching.await(10, TimeUnit.SECONDS), "watched, run " + i);
                run.complete(SnippetRun.refused("done"));
                watch.ended();
                Thread.sleep(300);
                assertTrue(watch.asleep(), "the looker sleeps once nothing ran for a while");
            }
        }
    }
}
