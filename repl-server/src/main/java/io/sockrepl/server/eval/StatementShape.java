package io.sockrepl.server.eval;

import java.util.HashSet;
import java.util.Set;

/**
 * What a unit's text says before JShell compiles it: whether it can only be a statement or an
 * expression (never a declaration, which other snippets may depend on), and the names it uses.
 *
 * <p>Deliberately conservative: a unit is statement-like only when its first word is a statement
 * keyword or an expression's start, or when a name (possibly dotted) opens it and is followed by
 * a call, an operator, an assignment or its end. {@code List<String> x}, {@code Foo[] a} and
 * {@code synchronized} (a modifier too) are not, even where they would be.
 */
final class StatementShape {

    private static final Set<String> STATEMENT_WORDS = Set.of(
            "if",
            "for",
            "while",
            "do",
            "try",
            "switch",
            "return",
            "throw",
            "break",
            "continue",
            "assert",
            "new",
            "this",
            "super",
            "true",
            "false",
            "null");
    private static final String FOLLOWERS = "(;=+-*/%&|^!?>";

    private StatementShape() {}

    /** Whether the unit cannot be a declaration. */
    static boolean isStatementLike(String unit) {
        Scanner s = new Scanner(unit);
        s.skipSpaceAndComments();
        if (s.atEnd()) {
            return false;
        }
        char first = s.peek();
        if (!Character.isJavaIdentifierStart(first)) {
            // a literal, a parenthesis, a block, a prefix operator; never a declaration's start ('@', '<')
            return first == '('
                    || first == '{'
                    || first == '"'
                    || first == '\''
                    || first == '!'
                    || first == '-'
                    || first == '+'
                    || first == '~'
                    || Character.isDigit(first);
        }
        String word = s.word();
        if (word.equals("non") && s.rest().startsWith("-sealed")) {
            return false;
        }
        if (STATEMENT_WORDS.contains(word)) {
            return true;
        }
        while (true) {
            s.skipSpaceAndComments();
            if (s.atEnd()) {
                return true;
            }
            char next = s.peek();
            if (next != '.') {
                return FOLLOWERS.indexOf(next) >= 0;
            }
            s.advance();
            s.skipSpaceAndComments();
            if (s.atEnd() || !Character.isJavaIdentifierStart(s.peek())) {
                return false;
            }
            s.word();
        }
    }

    /**
     * Every word of the unit that could be a name, literals and comments included (a few names
     * too many cost nothing); null when a Unicode escape could spell a name no scan sees.
     */
    static Set<String> names(String unit) {
        if (unit.contains("\\u")) {
            return null;
        }
        Set<String> names = new HashSet<>();
        int i = 0;
        while (i < unit.length()) {
            char c = unit.charAt(i);
            if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < unit.length() && Character.isJavaIdentifierPart(unit.charAt(i))) {
                    i++;
                }
                names.add(unit.substring(start, i));
            } else {
                i++;
            }
        }
        return names;
    }

    /** Reads a unit's text a word at a time. */
    private static final class Scanner {
        private final String text;
        private int at;

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        String rest() {
            return text.substring(at);
        }

        void advance() {
            at++;
        }

        String word() {
            int start = at;
            while (!atEnd() && Character.isJavaIdentifierPart(peek())) {
                at++;
            }
            return text.substring(start, at);
        }

        void skipSpaceAndComments() {
            while (!atEnd()) {
                if (Character.isWhitespace(peek())) {
                    at++;
                } else if (text.startsWith("//", at)) {
                    int end = text.indexOf('\n', at);
                    at = end < 0 ? text.length() : end + 1;
                } else if (text.startsWith("/*", at)) {
                    int end = text.indexOf("*/", at + 2);
                    at = end < 0 ? text.length() : end + 2;
                } else {
                    return;
                }
            }
        }
    }
}
