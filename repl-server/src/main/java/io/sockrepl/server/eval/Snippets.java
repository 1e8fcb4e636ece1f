package io.sockrepl.server.eval;

/**
 * Called by snippets: every evaluation state declares {@code get(Object)} as a call to
 * {@link #get(Object)}. Public only because snippet code compiles against it.
 */
public final class Snippets {

    private Snippets() {}

    /** Appends {@code String.valueOf(value)} to what the current request returns. */
    public static void get(Object value) {
        Capture capture = Capture.current();
        if (capture != null) {
            capture.append(value);
        }
    }
}
