package io.sockrepl.core;

import com.google.gson.JsonObject;

/**
 * Builds the reply frames. The keys of a reply to a plain (version 1) request are exactly those of
 * sock_python 0.1.1, whose client turns every key of a reply into a field.
 */
public final class Replies {

    public static final String CAPTURED = "captured";
    public static final String EXCEPTION = "exception";
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    public static final String STATUS = "status";
    public static final String DURATION_MS = "duration_ms";
    public static final String ACK = "ack";
    public static final String RESPONSE = "response";
    public static final String ERROR = "error";
    public static final String MESSAGE = "message";

    private Replies() {}

    /** The reply to a snippet request that a sock_python client reads. */
    public static JsonObject snippet(String captured, String exception) {
        JsonObject o = new JsonObject();
        o.addProperty(CAPTURED, captured);
        o.addProperty(EXCEPTION, exception);
        return o;
    }

    /** The rich reply to a snippet request. */
    public static JsonObject richSnippet(
            String captured, String exception, String stdout, String stderr, Outcome status, long durationMillis) {
        JsonObject o = snippet(captured, exception);
        o.addProperty(STDOUT, stdout);
        o.addProperty(STDERR, stderr);
        o.addProperty(STATUS, status.wireName());
        o.addProperty(DURATION_MS, durationMillis);
        return o;
    }

    /** The reply to a control request; {@code response} is a JSON object encoded as text. */
    public static JsonObject ack(ControlAction action, JsonObject response) {
        JsonObject o = new JsonObject();
        o.addProperty(ACK, action.wireName());
        o.addProperty(RESPONSE, FrameCodec.toJson(response));
        return o;
    }

    /**
     * A refusal in the shape the request's client reads. sockrepl's own clients (requests with
     * {@code "v": 2}) get {@link #error}; any other client, sock_python's among them, builds its
     * reply from every key and knows no {@code error}, so it gets the reason inside the reply it
     * expects: an {@link #ack} whose response holds the error for a control action, else a snippet
     * reply whose {@code exception} says why.
     *
     * @param request the decoded request, or null when the frame could not be read
     */
    public static JsonObject refusal(JsonObject request, ErrorCode code, String message) {
        if (request != null
                && request.get(Request.VERSION) instanceof com.google.gson.JsonPrimitive v
                && v.isNumber()
                && v.getAsDouble() >= 2) {
            return error(code, message);
        }
        if (request != null
                && !request.has(Request.SNIPPET)
                && request.get(Request.CONTROL) instanceof com.google.gson.JsonPrimitive c
                && c.isString()) {
            JsonObject o = new JsonObject();
            o.addProperty(ACK, c.getAsString());
            o.addProperty(RESPONSE, FrameCodec.toJson(error(code, message)));
            return o;
        }
        return snippet("", "sockrepl refused the request: " + message + " (" + code.wireName() + ")\n");
    }

    /** The reply to a request the server refused; the connection is closed after it. */
    public static JsonObject error(ErrorCode code, String message) {
        JsonObject o = new JsonObject();
        o.addProperty(ERROR, code.wireName());
        o.addProperty(MESSAGE, message);
        return o;
    }
}
