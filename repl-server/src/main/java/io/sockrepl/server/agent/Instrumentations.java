package io.sockrepl.server.agent;

import java.lang.instrument.Instrumentation;

/** The Instrumentation this JVM's agent received, for class redefinition. */
public final class Instrumentations {

    private static volatile Instrumentation instrumentation;

    private Instrumentations() {
    }

    static void remember(Instrumentation i) {
        instrumentation = i;
    }

    /** The agent's Instrumentation, or null when sockrepl was not loaded as an agent. */
    public static Instrumentation get() {
        return instrumentation;
    }
}
