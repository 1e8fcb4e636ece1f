package io.sockrepl.client;

import java.io.IOException;

/** The server answered with an error reply: a bad token, a request too large, and so on. */
public final class ServerRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public ServerRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The machine-readable reason, e.g. {@code unauthorized} or {@code frame_too_large}. */
    public String code() {
        return code;
    }
}
