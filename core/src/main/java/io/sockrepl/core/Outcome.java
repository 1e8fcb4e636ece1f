package io.sockrepl.core;

import java.util.Arrays;
import java.util.Optional;

/** How a snippet ended; the wire names are what rich replies carry as {@code status}. */
public enum Outcome {
    OK("ok"),
    EXCEPTION("exception"),
    COMPILE_ERROR("compile_error"),
    INTERRUPTED("interrupted");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The outcome with this wire name, if this version knows it. */
    public static Optional<Outcome> fromWire(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }
}
