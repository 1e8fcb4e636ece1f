package io.sockrepl.core;

import java.util.Locale;
import java.util.Optional;

/** Why the server refused a request: the stable names error replies carry in {@code error}. */
public enum ErrorCode implements WireName {
    /** The connection ended inside a frame. */
    TRUNCATED_FRAME,
    /** The frame's length is over the server's limit. */
    FRAME_TOO_LARGE,
    /** The frame's body is not UTF-8. */
    INVALID_UTF8,
    /** The frame's body is not a JSON object. */
    INVALID_JSON,
    /** The request has a key the server does not know. */
    UNKNOWN_KEY,
    /** A known key has a value of the wrong type or out of range. */
    BAD_VALUE,
    /** The request is neither a snippet, a control action nor an attach request. */
    UNKNOWN_REQUEST,
    /** The control action has no operation behind it. */
    UNKNOWN_CONTROL,
    /** The server requires a token and the request has none or a wrong one. */
    UNAUTHORIZED,
    /** Every console session slot is taken. */
    TOO_MANY_SESSIONS;

    /** The name on the wire, e.g. {@code "bad_value"}. */
    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code with this wire name, if this version knows it. */
    public static Optional<ErrorCode> fromWire(String name) {
        return WireName.find(values(), name);
    }
}
