package io.sockrepl.client;

/**
 * What a server answered to a snippet.
 *
 * @param captured       the concatenation of every {@code get(x)} value, exactly as sent
 * @param exception      the rendered error; empty when the snippet succeeded
 * @param stdout         what the snippet printed to System.out
 * @param stderr         what the snippet printed to System.err, and warnings
 * @param status         {@code ok}, {@code exception}, {@code compile_error} or {@code interrupted}
 * @param durationMillis how long the snippet ran on the server
 */
public record SnippetResult(String captured, String exception, String stdout, String stderr,
                            String status, long durationMillis) {

    /** Whether the snippet ran to the end without an error. */
    public boolean succeeded() {
        return exception.isEmpty();
    }
}
