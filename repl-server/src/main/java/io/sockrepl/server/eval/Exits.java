package io.sockrepl.server.eval;

/**
 * What a snippet's calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}
 * become ({@link ExitCalls} rewrites them as snippet classes load), and the rule the rewritten
 * {@code Runtime} applies to every thread: code that runs for a snippet may not end the JVM its
 * server lives in. Public only because snippet code calls it.
 */
public final class Exits {

    private Exits() {}

    /**
     * Why the calling thread may not make {@code call}, or null when it may (the host's own
     * threads). A thread a snippet started stays refused after its request has ended.
     */
    public static String refusal(String call) {
        return Capture.currentIsSnippetWork() ? refused(call) : null;
    }

    private static String refused(String call) {
        return call + " refused: it would end the JVM this server runs in, with everything in it "
                + "(stop the server with 'sockrepl stop', or the application by its own means)";
    }

    /** A snippet's {@code System.exit(status)}. */
    public static void systemExit(int status) {
        throw new SecurityException(refused("System.exit(" + status + ")"));
    }

    /** A snippet's {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new SecurityException(refused("Runtime.exit(" + status + ")"));
    }

    /** A snippet's {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new SecurityException(refused("Runtime.halt(" + status + ")"));
    }
}
