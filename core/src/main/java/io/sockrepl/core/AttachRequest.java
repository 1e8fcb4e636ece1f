package io.sockrepl.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Set;

/**
 * The frame that turns a connection into a console: {@code {"attach": {"term", "cols", "rows",
 * "inband"}, "v": 2, "token"}}. After it, the connection carries keystrokes one way and the screen
 * the other. A terminal that says nothing odd about itself still gets a console: a missing or odd
 * type or size takes the plain terminal's.
 *
 * @param term    the terminal type ({@code $TERM})
 * @param columns its width
 * @param rows    its height
 * @param inband  whether the keystroke stream carries {@link Inband} control messages, and the
 *                screen ends with the session's status
 * @param token   the token the client presented, or null
 */
public record AttachRequest(String term, int columns, int rows, boolean inband, String token) {

    /** The key that marks an attach frame. */
    public static final String ATTACH = "attach";

    public static final String TERM = "term";
    public static final String COLUMNS = "cols";
    public static final String ROWS = "rows";
    public static final String INBAND = "inband";

    /** What a terminal that says nothing about itself (socat, nc) is taken to be. */
    public static final AttachRequest PLAIN = new AttachRequest("xterm-256color", 80, 24, false, null);

    private static final Set<String> KNOWN = Set.of(ATTACH, Request.TOKEN, Request.VERSION);
    private static final int MAX_DIMENSION = 10_000;

    /** Whether a decoded frame asks for a console rather than a batch request. */
    public static boolean isAttach(JsonObject frame) {
        return frame.has(ATTACH);
    }

    /** Reads an attach frame, refusing keys it does not know. */
    public static AttachRequest parse(JsonObject frame) throws ProtocolException {
        for (String key : frame.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new ProtocolException(ErrorCode.UNKNOWN_KEY, "unknown key '" + key + "' in attach request");
            }
        }
        if (!(frame.get(ATTACH) instanceof JsonObject attach)) {
            throw new ProtocolException(ErrorCode.BAD_VALUE, "'attach' must be an object");
        }
        JsonElement t = frame.get(Request.TOKEN);
        String token = t != null && t.isJsonPrimitive() ? t.getAsString() : null;
        String term = attach.get(TERM) instanceof com.google.gson.JsonPrimitive p
                        && !p.getAsString().isBlank()
                ? p.getAsString()
                : PLAIN.term;
        boolean inband =
                attach.get(INBAND) instanceof com.google.gson.JsonPrimitive p && p.isBoolean() && p.getAsBoolean();
        return new AttachRequest(
                term, dimension(attach, COLUMNS, PLAIN.columns), dimension(attach, ROWS, PLAIN.rows), inband, token);
    }

    private static int dimension(JsonObject o, String key, int fallback) {
        if (o.get(key) instanceof com.google.gson.JsonPrimitive p && p.isNumber()) {
            double v = p.getAsDouble();
            return v >= 1 && v < MAX_DIMENSION && v == Math.rint(v) ? (int) v : fallback;
        }
        return fallback;
    }

    /** The frame sockrepl's own client sends. */
    public JsonObject toJson() {
        JsonObject attach = new JsonObject();
        attach.addProperty(TERM, term);
        attach.addProperty(COLUMNS, columns);
        attach.addProperty(ROWS, rows);
        attach.addProperty(INBAND, inband);
        JsonObject frame = new JsonObject();
        frame.add(ATTACH, attach);
        frame.addProperty(Request.VERSION, 2);
        if (token != null) {
            frame.addProperty(Request.TOKEN, token);
        }
        return frame;
    }
}
