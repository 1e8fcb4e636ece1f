package io.sockrepl.server.batch;

import io.sockrepl.core.Outcome;

/**
 * A finished batch request: what a reply is made of.
 *
 * @param captured       the concatenated {@code get(...)} values
 * @param error          the rendered error, empty on success
 * @param outcome        how it ended
 * @param stdout         what the snippet wrote to System.out
 * @param stderr         what the snippet wrote to System.err
 * @param durationMillis how long it ran, queueing excluded
 */
public record SnippetRun(
        String captured, String error, Outcome outcome, String stdout, String stderr, long durationMillis) {

    /** The answer when the heap is too full to make another: made while there is memory. */
    static final SnippetRun OUT_OF_MEMORY = new SnippetRun(
            "",
            "java.lang.OutOfMemoryError: the heap is full, and sockrepl had no memory left to say more"
                    + " (drop a variable that holds the heap, or restart)\n",
            Outcome.EXCEPTION,
            "",
            "",
            0);

    /** Never run: withdrawn, refused for a full queue, or cut off by a stop. */
    static SnippetRun refused(String why) {
        return new SnippetRun("", line(why), Outcome.INTERRUPTED, "", "", 0);
    }

    /** Could not run as asked (no such class loader, no state to run in): an error, not an interruption. */
    static SnippetRun failed(String why) {
        return new SnippetRun("", line(why), Outcome.EXCEPTION, "", "", 0);
    }

    /** Errors end with a newline, as rendered exceptions do. */
    private static String line(String why) {
        return why.endsWith("\n") ? why : why + "\n";
    }
}
