package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length)
                .putInt(body.length)
                .put(body)
                .array();
    }

    private static JsonObject read(byte[] bytes, int max) throws Exception {
        return FrameCodec.read(new ByteArrayInputStream(bytes), max);
    }

    @Test
    void roundTripIsBigEndianLengthThenUtf8Json() throws Exception {
        JsonObject o = new JsonObject();
        o.addProperty("snippet", "get(\"é\");");
        byte[] encoded = FrameCodec.encode(o);
        byte[] body = "{\"snippet\":\"get(\\\"é\\\");\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(frame(body), encoded);
        assertEquals(o, read(encoded, 1000));
    }

    @Test
    void aFrameWhoseFirstBytesWereAlreadyReadIsReadWhole() throws Exception {
        JsonObject o = new JsonObject();
        o.addProperty("control", "status");
        byte[] encoded = FrameCodec.encode(o);
        for (int taken : new int[] {1, 3, 4, 9, encoded.length}) {
            byte[] consumed = java.util.Arrays.copyOf(encoded, taken);
            ByteArrayInputStream rest = new ByteArrayInputStream(encoded, taken, encoded.length - taken);
            assertEquals(o, FrameCodec.readAfter(consumed, rest, 100), taken + " bytes taken first");
        }
        FrameException cut = assertThrows(
                FrameException.class,
                () -> FrameCodec.readAfter(new byte[] {0, 0}, new ByteArrayInputStream(new byte[0]), 100));
        assertEquals("connection closed after 2 of 4 length bytes", cut.getMessage());
    }

    @Test
    void cleanEndBeforeAFrameIsNull() throws Exception {
        assertNull(read(new byte[0], 100));
    }

    @Test
    void truncatedHeaderAndBody() {
        FrameException h = assertThrows(FrameException.class, () -> read(new byte[] {0, 0}, 100));
        assertEquals(ErrorCode.TRUNCATED_FRAME, h.code());
        byte[] partial = java.util.Arrays.copyOf(frame("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), 7);
        assertEquals(
                ErrorCode.TRUNCATED_FRAME,
                assertThrows(FrameException.class, () -> read(partial, 100)).code());
    }

    @Test
    void lengthOverTheLimitIsRefusedBeforeReadingTheBody() {
        byte[] header = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        FrameException e = assertThrows(FrameException.class, () -> read(header, 1024));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        assertEquals("frame of 4294967295 bytes exceeds the limit of 1024 bytes", e.getMessage());
    }

    @Test
    void invalidUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertEquals(
                ErrorCode.INVALID_UTF8,
                assertThrows(FrameException.class, () -> read(frame(body), 100)).code());
    }

    @Test
    void invalidJsonNonObjectsAndTrailingGarbage() {
        for (String bad : new String[] {"{", "[1,2]", "\"s\"", "{} {}", "{'a':1}", "nul"}) {
            byte[] body = bad.getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    ErrorCode.INVALID_JSON,
                    assertThrows(FrameException.class, () -> read(frame(body), 100))
                            .code(),
                    bad);
        }
    }

    @Test
    void textIsWrittenAsGsonWritesATreeWithoutHtmlEscaping() {
        JsonObject o = new JsonObject();
        o.addProperty("code", "a < b && c > \"d\"\n\u2028é");
        o.addProperty("gone", (String) null);
        o.addProperty("n", 12);
        o.addProperty("f", 1.5);
        o.addProperty("yes", true);
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        a.add("x");
        a.add(com.google.gson.JsonNull.INSTANCE);
        o.add("list", a);
        o.add("inner", new JsonObject());
        assertEquals(
                "{\"code\":\"a < b && c > \\\"d\\\"\\n\\u2028é\",\"n\":12,\"f\":1.5,\"yes\":true,"
                        + "\"list\":[\"x\",null],\"inner\":{}}",
                FrameCodec.toJson(o));
    }

    @Test
    void everyCharacterAndShapeIsWrittenAsGsonsOwnWriterWritesIt() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            JsonObject o = new JsonObject();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 64; i++) {
                // every ASCII character, and some of the rest of the BMP
                text.append(i % 2 == 0 ? (char) random.nextInt(0x80) : (char) random.nextInt(0x3000));
            }
            text.append("\u2028\u2029\u007f");
            o.addProperty(text.toString(), text.toString());
            o.addProperty("long", random.nextLong());
            o.addProperty("double", random.nextDouble() * 1e12);
            o.addProperty("decimal", new java.math.BigDecimal(random.nextInt() + "e" + random.nextInt(40)));
            o.add("skipped", com.google.gson.JsonNull.INSTANCE);
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            a.add(com.google.gson.JsonNull.INSTANCE);
            a.add(random.nextBoolean());
            a.add(o.deepCopy());
            o.add("array", a);
            java.io.StringWriter gson = new java.io.StringWriter();
            com.google.gson.stream.JsonWriter writer = new com.google.gson.stream.JsonWriter(gson);
            writer.setSerializeNulls(false);
            com.google.gson.internal.Streams.write(o, writer);
            writer.flush();
            assertEquals(gson.toString(), FrameCodec.toJson(o));
        }
    }

    @Test
    void numbersJsonCannotCarryAreRefused() {
        JsonObject o = new JsonObject();
        o.addProperty("n", Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.toJson(o));
    }

    @Test
    void deepNestingIsRefusedAsInvalidJsonNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertEquals(
                ErrorCode.INVALID_JSON,
                assertThrows(FrameException.class, () -> read(frame(deep.getBytes(StandardCharsets.UTF_8)), 1 << 20))
                        .code());
    }

    @Test
    void numbersKeepTheirValue() throws Exception {
        JsonObject o = read(
                frame("{\"n\": 1500, \"f\": 2.5, \"e\": 1e3, \"b\": false, \"z\": null}"
                        .getBytes(StandardCharsets.UTF_8)),
                100);
        assertEquals(1500, o.get("n").getAsInt());
        assertEquals(2.5, o.get("f").getAsDouble());
        assertEquals(1000, o.get("e").getAsInt());
        assertEquals(false, o.get("b").getAsBoolean());
        assertTrue(o.get("z").isJsonNull());
        assertEquals(
                ErrorCode.INVALID_JSON,
                assertThrows(
                                FrameException.class,
                                () -> read(frame("{\"n\": 1e99999999999}".getBytes(StandardCharsets.UTF_8)), 100))
                        .code());
    }
}
