package io.sockrepl.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** What a terminal client shows, collected from its output with escape sequences removed. */
final class Screen {

    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\[[0-9;?<=>]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)|\u001B[()][A-Za-z0-9]|\u001B[=>78DEHM]");

    private final StringBuilder raw = new StringBuilder();
    private final OutputStream keys;

    Screen(InputStream output, OutputStream keys) {
        this.keys = keys;
        Thread reader = new Thread(
                () -> {
                    byte[] buf = new byte[8192];
                    try {
                        int n;
                        while ((n = output.read(buf)) >= 0) {
                            synchronized (raw) {
                                raw.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                                raw.notifyAll();
                            }
                        }
                    } catch (IOException closed) {
                        // the client ended
                    }
                },
                "screen-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Everything shown so far, as plain text. */
    String text() {
        synchronized (raw) {
            return ESCAPES.matcher(raw).replaceAll("").replace("\r", "");
        }
    }

    /** Waits until the text shown since {@code from} contains {@code expected}; returns where it ends. */
    int await(String expected, int from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (raw) {
            while (true) {
                String t = text();
                int at = t.indexOf(expected, Math.min(from, t.length()));
                if (at >= 0) {
                    return at + expected.length();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("screen never showed '" + expected + "'; it shows:\n" + t);
                }
                raw.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Types text (and control characters) as a person would. */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }
}
