package io.sockrepl.core;

import java.util.Optional;

/** A constant of the protocol known by a name on the wire. */
interface WireName {

    String wireName();

    /**
     * The constant with this wire name, if any. A loop rather than a stream: every short-lived
     * client reads an outcome or a code, and a stream's first use costs it milliseconds.
     */
    static <T extends WireName> Optional<T> find(T[] constants, String name) {
        for (T c : constants) {
            if (c.wireName().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
