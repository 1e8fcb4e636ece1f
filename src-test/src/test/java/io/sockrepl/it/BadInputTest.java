package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.Outcome;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input gets a clear error over a real socket, and the server keeps serving. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest {

    private static final int LIMIT = 64 * 1024;

    @TempDir
    Path dir;

    SockreplServer server;

    @BeforeEach
    void start() throws Exception {
        server = SockreplServer.start(ServerConfig.at(Address.unix(dir.resolve("s.sock")))
                .maxFrameBytes(LIMIT)
                .requestTimeout(Duration.ofMillis(500))
                .build());
    }

    @AfterEach
    void stillServesThenStop() throws Exception {
        assertEquals(
                "alive",
                SockreplClient.to(server.address()).run("get(\"alive\");").captured());
        server.close();
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length)
                .putInt(body.length)
                .put(body)
                .array();
    }

    private static byte[] frame(String json) {
        return frame(json.getBytes(StandardCharsets.UTF_8));
    }

    private JsonObject exchange(byte[] bytes, boolean endInput) throws Exception {
        try (RawClient c = new RawClient(server.address())) {
            c.send(bytes);
            if (endInput) {
                c.endInput();
            }
            return c.reply();
        }
    }

    /** A refusal to a request with {@code "v": 2}, as sockrepl's own clients send. */
    private static void assertError(String code, JsonObject reply) {
        assertEquals(code, reply.get("error").getAsString(), reply.toString());
        assertTrue(reply.get("message").getAsString().length() > 5, reply.toString());
    }

    /**
     * A refusal to any other request (or to a frame too broken to tell): sock_python's snippet
     * reply, whose exception gives the reason and its code.
     */
    private static String assertRefused(String code, JsonObject reply) {
        assertEquals(java.util.Set.of("captured", "exception"), reply.keySet(), reply.toString());
        String exception = reply.get("exception").getAsString();
        assertTrue(
                exception.startsWith("sockrepl refused the request: ") && exception.contains("(" + code + ")"),
                reply.toString());
        return exception;
    }

    @Test
    void truncatedHeader() throws Exception {
        assertRefused("truncated_frame", exchange(new byte[] {0, 0}, true));
    }

    @Test
    void truncatedBody() throws Exception {
        byte[] f = frame("{\"snippet\": \"get(1);\"}");
        assertRefused("truncated_frame", exchange(java.util.Arrays.copyOf(f, f.length - 3), true));
    }

    @Test
    void lengthPrefixOverTheLimitEvenWithThePayloadStillArriving() throws Exception {
        byte[] huge = new byte[LIMIT * 4];
        java.util.Arrays.fill(huge, (byte) 'x');
        JsonObject reply = exchange(frame(huge), false);
        assertTrue(assertRefused("frame_too_large", reply).contains("exceeds the limit of 65536 bytes"));
    }

    @Test
    void aFrameOf16MiBOrMoreIsAFrameNotATerminal() throws Exception {
        String padding = "x".repeat((16 << 20) + 1024);
        // built before connecting: a client silent for the grace period after connecting is a terminal
        byte[] refused = java.util.Arrays.copyOf(frame("{\"snippet\": \"get(1); // " + padding + "\"}"), 64 * 1024);
        byte[] admitted = frame("{\"snippet\": \"get(17); // " + padding + "\"}");
        try (RawClient c = new RawClient(server.address())) {
            // the header and the body's first 64 KiB: the server refuses on the length, and a write
            // it stops reading would fail
            c.send(refused);
            assertTrue(assertRefused("frame_too_large", c.reply()).contains("exceeds the limit of 65536 bytes"));
        }

        try (SockreplServer large = SockreplServer.start(ServerConfig.at(Address.unix(dir.resolve("large.sock")))
                .maxFrameBytes(32 << 20)
                .build())) {
            try (RawClient c = new RawClient(large.address())) {
                c.send(admitted);
                assertEquals("17", c.reply().get("captured").getAsString());
            }
        }
    }

    @Test
    void aFirstByteOfZeroWaitsForTheRestOfTheFrameHoweverLateItComes() throws Exception {
        byte[] whole = frame("{\"snippet\": \"get(5);\"}");
        try (RawClient c = new RawClient(server.address())) {
            c.send(java.util.Arrays.copyOf(whole, 1));
            // the scenario itself, not a wait for something: a client slower than the 150 ms after
            // which a silent connection is a terminal
            Thread.sleep(450);
            c.send(java.util.Arrays.copyOfRange(whole, 1, whole.length));
            assertEquals("5", c.reply().get("captured").getAsString());
        }
    }

    @Test
    void bytesThatCannotStartAFrameAreATerminalNotAnError() throws Exception {
        try (RawClient c = new RawClient(server.address())) {
            c.send("hello there\r".getBytes(StandardCharsets.UTF_8));
            new Screen(c.socket.getInputStream(), c.socket.getOutputStream()).await("cannot find symbol", 0);
        }
    }

    @Test
    void invalidUtf8() throws Exception {
        assertRefused("invalid_utf8", exchange(frame(new byte[] {'{', '"', (byte) 0xFF, '"', '}'}), false));
    }

    @Test
    void invalidJsonAndNonObjects() throws Exception {
        assertRefused("invalid_json", exchange(frame("{\"snippet\": "), false));
        assertRefused("invalid_json", exchange(frame("[\"snippet\"]"), false));
    }

    @Test
    void unknownKeysAndKinds() throws Exception {
        assertRefused("unknown_key", exchange(frame("{\"snippet\": \"get(1);\", \"extra\": true}"), false));
        assertRefused("unknown_key", exchange(frame("{\"hello\": {}}"), false));
        assertError("unknown_key", exchange(frame("{\"snippet\": \"get(1);\", \"extra\": true, \"v\": 2}"), false));
        assertError("unknown_request", exchange(frame("{\"v\": 2}"), false));
        assertError("unknown_control", exchange(frame("{\"control\": \"explode\", \"v\": 2}"), false));
        JsonObject ack = exchange(frame("{\"control\": \"explode\"}"), false);
        assertEquals(java.util.Set.of("ack", "response"), ack.keySet(), "sock_python's control reply: " + ack);
        assertEquals("explode", ack.get("ack").getAsString());
        assertError(
                "unknown_control",
                com.google.gson.JsonParser.parseString(ack.get("response").getAsString())
                        .getAsJsonObject());
    }

    @Test
    void aSilentClientGetsAConsole() throws Exception {
        try (RawClient c = new RawClient(server.address())) {
            new Screen(c.socket.getInputStream(), c.socket.getOutputStream()).await("sockrepl> ", 0);
        }
    }

    @Test
    void aFrameThatStopsHalfWayIsClosedAfterTheRequestTimeout() throws Exception {
        try (RawClient c = new RawClient(server.address())) {
            c.send(new byte[] {0, 0, 0, 50, '{'});
            assertNull(c.reply(), "closed without a reply");
        }
    }

    @Test
    void aClientThatConnectsAndLeaves() throws Exception {
        new RawClient(server.address()).close();
    }

    @Test
    void aClientThatDoesNotReadItsLargeReplyHoldsUpNobodyAndLosesNothing() throws Exception {
        int size = 8 << 20;
        try (RawClient stalled = new RawClient(server.address())) {
            stalled.send(frame("{\"snippet\": \"get(\\\"x\\\".repeat(" + size + "));\", \"v\": 2}"));
            SockreplClient client = SockreplClient.to(server.address());
            // the stalled reply fills the socket's buffer; the requests behind it are answered
            for (int i = 0; i < 3; i++) {
                assertEquals("next " + i, client.run("get(\"next " + i + "\");").captured());
            }
            assertEquals(size, stalled.reply().get("captured").getAsString().length());
        }
    }

    @Test
    void aReplyTooLargeIsCutAndSaysSoOverAnIntactConnection() throws Exception {
        long limit = ServerConfig.DEFAULT_MAX_REPLY_BYTES;
        SockreplClient client = SockreplClient.to(server.address());
        io.sockrepl.client.SnippetResult big = client.run("get(\"x\".repeat(50 << 20));");
        assertEquals(limit, big.captured().length());
        assertEquals(Outcome.EXCEPTION, big.status());
        assertTrue(big.exception().contains("the reply was cut at " + limit + " bytes"), big.exception());

        io.sockrepl.client.SnippetResult printed = client.run(
                "System.out.print(\"y\".repeat(10 << 20)); System.err.print(\"z\".repeat(10 << 20)); get(1);");
        assertEquals(10 << 20, printed.stdout().length(), "what fits is kept");
        assertEquals(
                limit,
                printed.stdout().length()
                        + printed.stderr().length()
                        + printed.captured().length(),
                "values and output share one limit");
        assertTrue(printed.exception().contains("the reply was cut"), printed.exception());

        // what a character takes in the frame, not in the string: NUL is escaped to six bytes
        for (String wide : List.of("\\0", "é", "\uD83D\uDE00")) {
            JsonObject request = new JsonObject();
            request.addProperty("v", 2);
            request.addProperty("snippet", "get(\"" + wide + "\".repeat(40 << 20));");
            try (RawClient c = new RawClient(server.address())) {
                c.send(io.sockrepl.core.FrameCodec.encode(request));
                byte[] reply = c.socket.getInputStream().readAllBytes();
                assertTrue(
                        reply.length < limit + 4096,
                        "a reply of " + wide + " is " + reply.length + " bytes, over the limit of " + limit);
                assertTrue(reply.length > limit - 8, "it is filled up to the limit: " + reply.length);
            }
        }

        JsonObject legacy = exchange(frame("{\"snippet\": \"get(\\\"x\\\".repeat(20 << 20));\"}"), false);
        assertEquals(
                java.util.Set.of("captured", "exception"), legacy.keySet(), "sock_python's shape, with the reason");
        assertTrue(legacy.get("exception").getAsString().contains("the reply was cut"), legacy.toString());
    }
}
