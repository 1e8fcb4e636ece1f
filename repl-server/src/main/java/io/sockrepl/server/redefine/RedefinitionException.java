package io.sockrepl.server.redefine;

/** A redefinition that was not done; the message says why, for the user. */
public final class RedefinitionException extends Exception {

    private static final long serialVersionUID = 1L;

    public RedefinitionException(String message) {
        super(message);
    }
}
