package io.sockrepl.client;

import io.sockrepl.core.Outcome;

/**
 * What a server answered to a snippet.
 *
 * @param captured       the concatenation of every {@code get(x)} value, exactly as sent
 * @param exception      the rendered error; empty when the snippet succeeded
 * @param stdout         what the snippet printed to System.out
 * @param stderr         what the snippet printed to System.err, and warnings
 * @param status         how it ended
 * @param durationMillis how long the snippet ran on the server
 */
public record SnippetResult(
        String captured, String exception, String stdout, String stderr, Outcome status, long durationMillis) {

    /** Whether the snippet ran to the end without an error. */
    public boolean succeeded() {
        return exception.isEmpty();
    }
}
