package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A UNIX accept in a heap filled to its last bytes: at some of these (a few hundred bytes left) the
 * JDK's own accept crashes the JVM, or loses the connection it took, so each must wait for room.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HeapRoomTest {

    private static final int ROUNDS = 2 * FullHeapAccepts.SLACK_STEPS;

    @TempDir
    Path dir;

    @Test
    void anAcceptInAFullHeapWaitsForRoomAndNeverCrashesTheJvm() throws Exception {
        Path sock = dir.resolve("full.sock");
        Process jvm = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx32m",
                        "-XX:+UseSerialGC",
                        "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FullHeapAccepts.class.getName(),
                        sock.toString(),
                        String.valueOf(ROUNDS))
                .redirectErrorStream(true)
                .start();
        List<String> said = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("listening")) {
                said.add(line);
            }
            assertEquals("listening", line, "the JVM listens; it said " + said);
            for (int round = 0; round < ROUNDS; round++) {
                if (!answered(sock)) {
                    jvm.destroyForcibly();
                    out.lines().forEach(said::add);
                    throw new AssertionError("round " + round + " got no answer; " + report(said));
                }
            }
            out.lines().forEach(said::add);
            assertEquals(0, jvm.waitFor(), report(said));
            assertEquals(1, said.size(), report(said));
            java.util.regex.Matcher counts = java.util.regex.Pattern.compile(
                            "accepted (\\d+); held back (\\d+), failed (\\d+)")
                    .matcher(said.get(0));
            assertTrue(counts.matches(), report(said));
            assertEquals(ROUNDS, Integer.parseInt(counts.group(1)), report(said));
            assertTrue(Integer.parseInt(counts.group(2)) > 0, "some accepts waited for room: " + said);
            assertEquals(List.of(), crashReports(), "no JVM crashed");
        } finally {
            jvm.destroyForcibly();
        }
    }

    /**
     * Whether a connection is answered within half a minute. Without {@link HeapRoom}, one the JDK
     * accepted and then ran out of memory for is lost: its descriptor stays open, never read.
     */
    private static boolean answered(Path sock) throws InterruptedException {
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = SocketConnector.openChannel(Address.unix(sock), 10_000)) {
                return client.read(ByteBuffer.allocate(1)) == 1;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private String report(List<String> said) throws IOException {
        StringBuilder s = new StringBuilder("it said: ").append(String.join("\n", said));
        for (Path crash : crashReports()) {
            List<String> lines = Files.readAllLines(crash);
            s.append("\n")
                    .append(crash.getFileName())
                    .append(": ")
                    .append(String.join("\n", lines.subList(0, Math.min(lines.size(), 40))));
        }
        return s.toString();
    }

    private List<Path> crashReports() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err"))
                    .toList();
        }
    }
}
