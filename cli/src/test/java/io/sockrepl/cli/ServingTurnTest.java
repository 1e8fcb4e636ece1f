package io.sockrepl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Turns are taken by real processes: a lock is held by a process, and freed by its end. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServingTurnTest {

    @TempDir
    Path dir;

    private Process first;
    private Process next;

    @AfterEach
    void end() {
        for (Process p : new Process[] {first, next}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** Takes or awaits the turn at args[1], says so, and holds it until killed. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        if (args[0].equals("take")) {
            ServingTurn.take(file);
        } else {
            ServingTurn.await(file);
        }
        System.out.println("serving");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private Process start(String how) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ServingTurnTest.class.getName(),
                        how,
                        dir.resolve("serving.lock").toString())
                .redirectErrorStream(true)
                .start();
    }

    private static CompletableFuture<String> firstLine(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        });
    }

    @Test
    void theNextServesOnlyOnceTheServingOneIsKilled() throws Exception {
        // the standby starts first: it must wait for the file, not take a turn nobody holds yet
        next = start("await");
        CompletableFuture<String> nextServes = firstLine(next);
        Thread.sleep(500);
        first = start("take");
        assertEquals("serving", firstLine(first).get(60, TimeUnit.SECONDS));
        Thread.sleep(500);
        assertFalse(nextServes.isDone(), "two processes serve at once: " + nextServes.getNow(null));

        first.destroyForcibly();
        assertEquals("serving", nextServes.get(60, TimeUnit.SECONDS), "the kill freed the turn");
    }

    @Test
    void aFreshTakerReplacesATurnNobodyHolds() throws Exception {
        first = start("take");
        assertEquals("serving", firstLine(first).get(60, TimeUnit.SECONDS));
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);
        // as after a restart without a standby: the file is left, its lock is not
        next = start("take");
        assertEquals("serving", firstLine(next).get(60, TimeUnit.SECONDS));
    }
}
