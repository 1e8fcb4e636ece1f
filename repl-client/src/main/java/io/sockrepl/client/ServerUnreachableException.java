package io.sockrepl.client;

import java.io.IOException;

/** No server answered at the address: nobody listens, or the connection broke before a reply. */
public final class ServerUnreachableException extends IOException {

    private static final long serialVersionUID = 1L;

    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
