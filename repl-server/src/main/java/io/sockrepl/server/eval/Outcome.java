package io.sockrepl.server.eval;

/** How an evaluation ended; the names are what rich replies carry as {@code status}. */
public enum Outcome {
    OK("ok"),
    EXCEPTION("exception"),
    COMPILE_ERROR("compile_error"),
    INTERRUPTED("interrupted");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
