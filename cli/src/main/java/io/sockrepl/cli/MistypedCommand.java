package io.sockrepl.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Tells a mistyped command ({@code sockrepl stauts}) from the ADDRESS that a bare {@code sockrepl
 * ADDRESS < snippet} takes: a word within two edits of a command's name, that names no file and
 * has none of an address's marks, is a usage error with the command it was probably meant to be,
 * instead of an address to wait on standard input for.
 */
final class MistypedCommand {

    private static final int MAX_EDITS = 2;

    private MistypedCommand() {}

    /** The command {@code word} was probably meant to be, if it is a mistyped one. */
    static Optional<String> meant(String word, Collection<String> commands) {
        if (word.length() < 3 || looksLikeAnAddress(word)) {
            return Optional.empty();
        }
        return commands.stream()
                .filter(c -> edits(word, c) <= MAX_EDITS)
                .min(Comparator.comparingInt(c -> edits(word, c)));
    }

    /** Whether a word has a mark no command's name has: a path's, a port's, a file name's, or a pid's digits. */
    static boolean hasAnAddressMark(String word) {
        return word.contains("/")
                || word.contains(":")
                || word.contains(".")
                || word.chars().allMatch(Character::isDigit);
    }

    private static boolean looksLikeAnAddress(String word) {
        if (word.startsWith("-") || hasAnAddressMark(word)) {
            return true;
        }
        try {
            return Files.exists(Path.of(word));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
