package io.sockrepl.server.eval;

import jdk.jshell.Snippet;

/**
 * Where the classes of one evaluated unit came from: which request, and where in its source. Stack
 * frames of snippet classes are traced back through this to the line the user wrote.
 */
final class UnitOrigin {

    final int requestNumber;
    final String requestSource;
    final SourceUnit unit;
    private volatile Snippet snippet;

    UnitOrigin(int requestNumber, String requestSource, SourceUnit unit) {
        this.requestNumber = requestNumber;
        this.requestSource = requestSource;
        this.unit = unit;
    }

    Snippet snippet() {
        return snippet;
    }

    void snippet(Snippet s) {
        snippet = s;
    }

    /** The 1-based line in the request's source of a 0-based position in the unit's text. */
    int requestLine(int unitPosition) {
        int absolute =
                unit.offset() + Math.max(0, Math.min(unitPosition, unit.text().length()));
        return SourceLines.lineOf(requestSource, Math.min(absolute, requestSource.length()));
    }
}
