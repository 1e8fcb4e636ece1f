package io.sockrepl.server.console;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import jdk.jshell.SourceCodeAnalysis;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion from JShell: members, types, imports; and the console's own commands. */
final class JShellCompleter implements Completer {

    private final Supplier<SourceCodeAnalysis> analysis;
    private final Supplier<Collection<String>> commandNames;

    JShellCompleter(Supplier<SourceCodeAnalysis> analysis, Supplier<Collection<String>> commandNames) {
        this.analysis = analysis;
        this.commandNames = commandNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String text = line.line();
        if (JShellParser.isCommand(text)) {
            commandNames.get().forEach(name -> candidates.add(candidate(name)));
            return;
        }
        int[] anchor = new int[1];
        Set<String> seen = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.get().completionSuggestions(text, line.cursor(), anchor)) {
            if (seen.add(s.continuation())) {
                candidates.add(candidate(s.continuation()));
            }
        }
    }

    /** Not "complete": JLine would append a space, which Java never wants after a name. */
    private static Candidate candidate(String value) {
        return new Candidate(value, value, null, null, null, null, false);
    }
}
