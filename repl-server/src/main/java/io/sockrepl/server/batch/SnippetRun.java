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

    static SnippetRun refused(String why) {
        return new SnippetRun("", why, Outcome.INTERRUPTED, "", "", 0);
    }
}
