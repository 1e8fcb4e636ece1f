package io.sockrepl.server.console;

import java.util.List;
import java.util.function.Supplier;
import jdk.jshell.SourceCodeAnalysis;

/**
 * JShell's completion suggestions for one Tab. JLine asks the parser where the word starts and
 * then the completer for candidates; both come from the same (costly) JShell call, made once.
 */
final class Suggestions {

    /** Where the completed text starts, and what may replace it. */
    record Result(int anchor, List<SourceCodeAnalysis.Suggestion> suggestions) {}

    private final Supplier<SourceCodeAnalysis> analysis;
    private String line;
    private int cursor;
    private Result pending;

    Suggestions(Supplier<SourceCodeAnalysis> analysis) {
        this.analysis = analysis;
    }

    /** Asks JShell, and keeps the answer for the {@link #take} that follows in the same Tab. */
    synchronized Result compute(String text, int at) {
        int[] anchor = {at};
        List<SourceCodeAnalysis.Suggestion> list = analysis.get().completionSuggestions(text, at, anchor);
        line = text;
        cursor = at;
        pending = new Result(Math.max(0, Math.min(anchor[0], at)), list);
        return pending;
    }

    /** The answer for this line and cursor: the kept one if it matches, else a fresh one. Never reused twice. */
    synchronized Result take(String text, int at) {
        Result r = pending != null && text.equals(line) && at == cursor ? pending : compute(text, at);
        pending = null;
        return r;
    }
}
