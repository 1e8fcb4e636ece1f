package io.sockrepl.server.console;

import java.util.List;
import java.util.function.Supplier;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tells JLine when input is a complete Java snippet (so Enter in the middle of a method body
 * continues the input on a new line) and where the word being completed starts.
 */
final class JShellParser implements Parser {

    private final Supplier<SourceCodeAnalysis> analysis;
    private final Suggestions suggestions;

    JShellParser(Supplier<SourceCodeAnalysis> analysis, Suggestions suggestions) {
        this.analysis = analysis;
        this.suggestions = suggestions;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && needsMore(line)) {
            throw new EOFError(-1, cursor, "incomplete snippet");
        }
        int anchor = cursor;
        if (context == ParseContext.COMPLETE) {
            anchor = isCommand(line) ? 0 : suggestions.compute(line, cursor).anchor();
        }
        return new Line(line, cursor, anchor);
    }

    static boolean isCommand(String line) {
        return line.stripLeading().startsWith("/");
    }

    private boolean needsMore(String line) {
        if (line.isBlank() || isCommand(line)) {
            return false;
        }
        String rest = line;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.get().analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                return true;
            }
            if (info.remaining().length() >= rest.length()) {
                return false;
            }
            rest = info.remaining();
        }
        return false;
    }

    /** The whole input as one "word" from the completion anchor, so Java's syntax decides. */
    private record Line(String line, int cursor, int anchor) implements CompletingParsedLine {
        @Override
        public String word() {
            return line.substring(anchor, cursor);
        }

        @Override
        public int wordCursor() {
            return cursor - anchor;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word());
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor();
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
