package io.sockrepl.core;

import java.io.IOException;

/** A frame that could not be read: the peer sent something that is not a sockrepl frame. */
public final class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the frame was refused; each has a stable name that error replies carry. */
    public enum Reason {
        TRUNCATED("truncated_frame"),
        TOO_LARGE("frame_too_large"),
        BAD_UTF8("invalid_utf8"),
        BAD_JSON("invalid_json");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The machine-readable name used in error replies. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public FrameException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
