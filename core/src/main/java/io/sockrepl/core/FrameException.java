package io.sockrepl.core;

import java.io.IOException;

/** A frame that could not be read: the peer sent something that is not a sockrepl frame. */
public final class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public FrameException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** Why the frame was refused, as the error reply says it. */
    public ErrorCode code() {
        return code;
    }
}
