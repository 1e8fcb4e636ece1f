package io.sockrepl.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli cannot parse: what is wrong, and where the help is, in two lines on
 * stderr and exit code 2, instead of the whole usage (which buried the one line that mattered).
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandName();
        System.err.println(command + ": " + e.getMessage() + hint(e));
        System.err.println("see '" + command + " --help'");
        return ExitCodes.USAGE;
    }

    private static String hint(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched)) {
            return "";
        }
        List<String> suggestions = unmatched.getSuggestions();
        if (!suggestions.isEmpty()) {
            return "; did you mean " + String.join(" or ", suggestions) + "?";
        }
        boolean takesCode = e.getCommandLine().getCommandSpec().findOption("-e") != null;
        boolean looksLikeCode = unmatched.getUnmatched().stream().anyMatch(a -> a.contains(";") || a.contains("("));
        return takesCode && looksLikeCode ? "; code to run goes after -e: -e 'CODE'" : "";
    }
}
