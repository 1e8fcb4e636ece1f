package io.sockrepl.server.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The report against this JVM's own threads, and the arguments a request may carry. */
class ThreadsReportTest {

    private static ThreadsReport.Query query(String json) {
        return ThreadsReport.Query.fromJson(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void argumentsOutOfRangeOrOfTheWrongTypeOrUnknownAreRefusedByName() {
        assertEquals(ThreadsReport.Query.DEFAULT, ThreadsReport.Query.fromJson(null));
        assertEquals(Duration.ofMillis(250), query("{\"interval_ms\": 250}").interval());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> query("{\"interval_ms\": -1}"))
                .getMessage()
                .contains("interval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> query("{\"interval_ms\": 3600000}"))
                .getMessage()
                .contains("interval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> query("{\"depth\": 99999}"))
                .getMessage()
                .contains("depth"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> query("{\"limit\": 0}"))
                .getMessage()
                .contains("limit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> query("{\"depth\": \"deep\"}"))
                .getMessage()
                .contains("wrong type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> query("{\"stack\": 3}"))
                .getMessage()
                .contains("unknown argument 'stack'"));
    }

    @Test
    void aThreadWaitingForAHeldLockIsBlockedAndNamesItsHolder() throws Exception {
        Object lock = new Object();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = new Thread(
                () -> {
                    waiting.countDown();
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                },
                "report-test-waiter");
        synchronized (lock) {
            waiter.start();
            waiting.await();
            while (waiter.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            ThreadsReport.Report r = ThreadsReport.take(
                    new ThreadsReport.Query(Duration.ZERO, "report-test-waiter", true, false, 4, 10));
            assertEquals(1, r.lines().size());
            ThreadsReport.Line l = r.lines().get(0);
            assertEquals("BLOCKED", l.state());
            assertEquals(
                    Thread.currentThread().getName() + " ("
                            + Thread.currentThread().getId() + ")",
                    l.heldBy());
            JsonObject json = ThreadsReport.toJson(r);
            assertEquals(
                    "report-test-waiter",
                    json.getAsJsonArray("lines")
                            .get(0)
                            .getAsJsonObject()
                            .get("name")
                            .getAsString());
        }
        waiter.join();
        assertThrows(
                IllegalArgumentException.class,
                () -> ThreadsReport.take(
                        new ThreadsReport.Query(Duration.ZERO, "report-test-waiter", false, true, 4, 10)));
    }
}
