package io.sockrepl.core;

import java.util.Optional;

/** How a snippet ended; the wire names are what rich replies carry as {@code status}. */
public enum Outcome implements WireName {
    OK("ok"),
    EXCEPTION("exception"),
    COMPILE_ERROR("compile_error"),
    INTERRUPTED("interrupted");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The outcome with this wire name, if this version knows it. */
    public static Optional<Outcome> fromWire(String name) {
        return WireName.find(values(), name);
    }
}
