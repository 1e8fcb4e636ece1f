package io.sockrepl.server.eval;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Cuts a request's source into the units JShell evaluates one at a time ({@code JShell.eval}
 * silently ignores everything after the first statement). Each unit keeps its offset, so that
 * errors can point at the request's own lines.
 */
final class SnippetSplitter {

    private final SourceCodeAnalysis analysis;

    SnippetSplitter(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    List<SourceUnit> split(String source) {
        List<SourceUnit> units = new ArrayList<>();
        int offset = 0;
        String rest = source;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            int consumed = rest.length() - info.remaining().length();
            if (!c.isComplete() || consumed <= 0) {
                // JShell reports what is wrong with an incomplete tail when it evaluates it
                units.add(new SourceUnit(rest, offset));
                break;
            }
            String text = rest.substring(0, consumed);
            if (c == Completeness.COMPLETE_WITH_SEMI) {
                text = text + ";";
            }
            if (c != Completeness.EMPTY) {
                units.add(new SourceUnit(text, offset));
            }
            offset += consumed;
            rest = info.remaining();
        }
        return units;
    }
}
