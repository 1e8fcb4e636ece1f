package io.sockrepl.core.log;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogLinesTest {

    /**
     * A thread that holds stderr's lock and logs (a snippet's thread whose late output the router
     * logs, inside the router's stream) while another thread logs to stderr: both lines get out.
     * When a line to stderr was written under the log's own lock, the two waited for each other.
     */
    @Test
    void logLinesToStderrNeverWaitForEachOtherAcrossTheStreamsLock() throws Exception {
        PrintStream original = System.err;
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        // a plain PrintStream, which locks itself as the router's does (the test runner's need not)
        PrintStream stderr = new PrintStream(written, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setErr(stderr);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                Thread other;
                synchronized (stderr) {
                    other = new Thread(() -> LogLines.write("INFO", "test", "from the other thread", null), "other");
                    other.setDaemon(true);
                    other.start();
                    while (other.getState() != Thread.State.BLOCKED) {
                        Thread.onSpinWait();
                    }
                    LogLines.write("INFO", "test", "from the thread that holds stderr", null);
                }
                other.join();
            });
        } finally {
            System.setErr(original);
        }
        String lines = written.toString(java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(
                lines.contains("from the other thread") && lines.contains("from the thread that holds stderr"), lines);
    }
}
