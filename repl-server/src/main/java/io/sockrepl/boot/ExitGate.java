package io.sockrepl.boot;

import java.util.function.Function;

/**
 * Called first by {@code Runtime.exit} and {@code Runtime.halt} once sockrepl has rewritten them
 * (see {@code ExitContainment}). These bytes are defined inside {@code java.base}, renamed
 * {@code java.lang.SockreplExitGate}, where {@code Runtime} can reach them, so it depends on nothing
 * but the JDK; the server sets {@link #refusal}.
 */
public final class ExitGate {

    /**
     * Given the call ({@code System.exit(3)}), says why the calling thread may not make it, or
     * returns null when it may. Null until a server sets it.
     */
    public static volatile Function<String, String> refusal;

    private ExitGate() {}

    /** @throws SecurityException when the calling thread may not end the JVM */
    public static void check(int status, String method) {
        Function<String, String> r = refusal;
        if (r != null) {
            String why = r.apply(method + "(" + status + ")");
            if (why != null) {
                throw new SecurityException(why);
            }
        }
    }
}
