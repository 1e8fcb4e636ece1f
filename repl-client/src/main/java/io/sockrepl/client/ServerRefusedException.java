package io.sockrepl.client;

import io.sockrepl.core.ErrorCode;
import java.io.IOException;
import java.util.Optional;

/** The server answered with an error reply: a bad token, a request too large, and so on. */
public final class ServerRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public ServerRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * The machine-readable reason as the server named it, e.g. {@code unauthorized} or
     * {@code frame_too_large} (see {@link ErrorCode}); a newer server may name one this client does
     * not know.
     */
    public String code() {
        return code;
    }

    /** The reason, when this client knows it. */
    public Optional<ErrorCode> knownCode() {
        return ErrorCode.fromWire(code);
    }
}
