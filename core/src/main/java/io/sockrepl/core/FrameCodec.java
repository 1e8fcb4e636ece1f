package io.sockrepl.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON holding
 * one object. This is the wire format of sock_python 0.1.1, which sockrepl stays compatible with.
 */
public final class FrameCodec {

    /** The default limit on a frame's body: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private FrameCodec() {}

    /**
     * Reads one frame.
     *
     * @return the object, or {@code null} if the stream ended cleanly before the first byte
     * @throws FrameException if the bytes are not a valid frame within {@code maxBytes}
     */
    public static JsonObject read(InputStream in, int maxBytes) throws IOException {
        byte[] header = new byte[4];
        int got = readFully(in, header);
        if (got == 0) {
            return null;
        }
        if (got < 4) {
            throw new FrameException(
                    ErrorCode.TRUNCATED_FRAME, "connection closed after " + got + " of 4 length bytes");
        }
        return readBody(in, lengthOf(header), maxBytes);
    }

    /**
     * Reads one frame whose first bytes were already taken from {@code rest}, by a reader that
     * had to look before it knew a frame was coming (a console starts with anything but NUL).
     *
     * @param consumed the bytes already read, in order, at least one
     */
    public static JsonObject readAfter(byte[] consumed, InputStream rest, int maxBytes) throws IOException {
        return read(new SequenceInputStream(new ByteArrayInputStream(consumed), rest), maxBytes);
    }

    /** The length announced by a 4-byte header, as an unsigned number. */
    private static long lengthOf(byte[] header) {
        return ByteBuffer.wrap(header).getInt() & 0xFFFF_FFFFL;
    }

    /** Reads the body of a frame whose header announced {@code length} bytes. */
    private static JsonObject readBody(InputStream in, long length, int maxBytes) throws IOException {
        if (length > maxBytes) {
            throw new FrameException(
                    ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        byte[] body = new byte[(int) length];
        int got = readFully(in, body);
        if (got < body.length) {
            throw new FrameException(
                    ErrorCode.TRUNCATED_FRAME, "connection closed after " + got + " of " + length + " announced bytes");
        }
        return decode(body);
    }

    /** Decodes a frame body: strict UTF-8, then exactly one JSON object. */
    public static JsonObject decode(byte[] body) throws FrameException {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new FrameException(ErrorCode.INVALID_UTF8, "frame body is not valid UTF-8");
        }
        // parsed from the characters just decoded: a reader over the bytes would decode them again,
        // through a buffer of 8 KiB made for each frame
        try (JsonReader reader = new JsonReader(
                new CharArrayReader(text.array(), text.arrayOffset() + text.position(), text.remaining()))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = read(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new FrameException(ErrorCode.INVALID_JSON, "frame body holds more than one JSON value");
            }
            if (!element.isJsonObject()) {
                throw new FrameException(ErrorCode.INVALID_JSON, "frame body is JSON but not an object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException e) {
            throw new FrameException(ErrorCode.INVALID_JSON, "frame body is not valid JSON");
        }
    }

    /** Encodes an object as a complete frame (header and body). */
    public static byte[] encode(JsonObject message) {
        byte[] body = toJson(message).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + body.length)
                .putInt(body.length)
                .put(body)
                .array();
    }

    /** Writes one frame and flushes. */
    public static void write(OutputStream out, JsonObject message) throws IOException {
        out.write(encode(message));
        out.flush();
    }

    /**
     * How many of the characters of {@code text} from {@code start} fit in {@code budget} bytes of
     * a frame, escaped and encoded as a JSON string's contents are (a character outside the BMP
     * is never split).
     *
     * @return the number of characters, and in {@code used[0]} the bytes they take
     */
    public static int fitting(CharSequence text, int start, long budget, long[] used) {
        long bytes = 0;
        int i = start;
        while (i < text.length()) {
            int n = JsonText.bytesOf(text.charAt(i));
            int chars = 1;
            if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()) {
                n += JsonText.bytesOf(text.charAt(i + 1));
                chars = 2;
            }
            if (bytes + n > budget) {
                break;
            }
            bytes += n;
            i += chars;
        }
        used[0] = bytes;
        return i - start;
    }

    /** Serialises any JSON value to text, as used for the string-encoded {@code response}. */
    public static String toJson(JsonElement value) {
        return JsonText.of(value);
    }

    /**
     * Reads a tree with the streaming reader alone, as {@link #write} writes one. Depth is bounded
     * by the reader's nesting limit, so a frame of deeply nested arrays is refused, not a stack
     * overflow.
     */
    private static JsonElement read(JsonReader in) throws IOException {
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    object.add(in.nextName(), read(in));
                }
                in.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    array.add(read(in));
                }
                in.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(in.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(in.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(in.nextBoolean());
            }
            case NULL -> {
                in.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new JsonParseException("unexpected " + in.peek());
        }
    }

    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n;
            try {
                n = in.read(buf, off, buf.length - off);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                break;
            }
            off += n;
        }
        return off;
    }
}
