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

    private final Suggestions suggestions;
    private final Supplier<Collection<String>> commandNames;

    JShellCompleter(Suggestions suggestions, Supplier<Collection<String>> commandNames) {
        this.suggestions = suggestions;
        this.commandNames = commandNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String text = line.line();
        if (JShellParser.isCommand(text)) {
            commandNames.get().forEach(name -> candidates.add(candidate(name)));
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s :
                suggestions.take(text, line.cursor()).suggestions()) {
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
