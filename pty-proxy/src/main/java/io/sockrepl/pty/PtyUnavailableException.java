package io.sockrepl.pty;

import java.io.IOException;

/** No pseudo-terminal could be opened (for example, the system has none left). */
public final class PtyUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public PtyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
