package io.sockrepl.server.eval;

/** Line arithmetic on source text. */
final class SourceLines {

    private SourceLines() {}

    /** The 1-based line holding the 0-based {@code position}. */
    static int lineOf(String text, int position) {
        int line = 1;
        for (int i = 0; i < position && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The 0-based position where the 1-based {@code line} starts, or -1 past the end. */
    static int startOfLine(String text, int line) {
        int pos = 0;
        for (int l = 1; l < line; l++) {
            pos = text.indexOf('\n', pos);
            if (pos < 0) {
                return -1;
            }
            pos++;
        }
        return pos;
    }

    /** The text of the 1-based {@code line}, without its line break. */
    static String line(String text, int line) {
        int start = startOfLine(text, line);
        if (start < 0) {
            return "";
        }
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end).stripTrailing();
    }

    /** The 1-based column of the 0-based {@code position}. */
    static int columnOf(String text, int position) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
        if (position == 0) {
            lineStart = 0;
        }
        return position - lineStart + 1;
    }
}
