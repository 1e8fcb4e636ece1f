package io.sockrepl.server.eval;

import java.util.Set;

/**
 * What a snippet's calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}
 * become ({@link ExitCalls} rewrites them as snippet classes load), and the rule the rewritten
 * {@code Runtime} applies to every thread: code that runs for a snippet may not end the JVM its
 * server lives in. Public only because snippet code calls it.
 */
public final class Exits {

    // lambdas' classes are hidden, and their frames too unless asked for
    private static final StackWalker FRAMES = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

    private Exits() {}

    /**
     * Why the calling thread may not make {@code call}, or null when it may (the host's own
     * code). A thread a snippet started stays refused after its request has ended, and so does
     * any thread while it runs a snippet's code.
     */
    public static String refusal(String call) {
        return Capture.currentIsSnippetWork() || snippetCodeOnStack() ? refused(call) : null;
    }

    /**
     * Work a snippet handed to a thread it did not start (a task on a shared pool, a listener the
     * host calls back, a Timer of the host's) runs the snippet's own classes on that thread.
     */
    private static boolean snippetCodeOnStack() {
        return FRAMES.walk(frames -> frames.anyMatch(f -> HostLoaderDelegate.isSnippetCode(f.getDeclaringClass())));
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
