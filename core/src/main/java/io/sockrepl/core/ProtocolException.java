package io.sockrepl.core;

/** A well-formed frame that is not a valid request; the server answers it with an error reply. */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    public ProtocolException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable machine-readable name, e.g. {@code unknown_request}. */
    public String code() {
        return code;
    }
}
