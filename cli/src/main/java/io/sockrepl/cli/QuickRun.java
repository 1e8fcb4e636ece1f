package io.sockrepl.cli;

import io.sockrepl.core.SessionFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The forms of {@code sockrepl run} that scripts use in a loop, read without picocli: modelling a
 * command costs a cold JVM more than the request itself. Read here: {@code run} and the bare
 * {@code sockrepl} (whose first word, if any, is an option or looks like an address), with an
 * optional ADDRESS and the options {@code -e/--eval CODE}, {@code --file FILE}, {@code -f/--session-file
 * FILE} and {@code --timeout SECONDS}, each once, as {@code --opt VALUE} or {@code --opt=VALUE}. Any
 * other option, a second operand, an option given twice, a value that looks like an option or a
 * timeout that is not a number leaves the whole command line to picocli, so that help, defaults and
 * every usage error stay picocli's. {@code QuickRunTest} holds both to the same meaning.
 */
final class QuickRun {

    /** What a quick command line names. */
    record Parsed(TargetOptions target, SnippetOptions snippet) {}

    private QuickRun() {}

    static Optional<Parsed> parse(String... args) {
        int from;
        if (args.length > 0 && "run".equals(args[0])) {
            from = 1;
        } else if (args.length == 0 || args[0].startsWith("-") || MistypedCommand.hasAnAddressMark(args[0])) {
            from = 0;
        } else {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        String address = null;
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String option = OPTIONS.get(name);
            if (option == null) {
                if (arg.startsWith("-") || address != null) {
                    return Optional.empty();
                }
                address = arg;
                continue;
            }
            String value;
            if (name.length() < arg.length()) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (value.startsWith("-") || values.putIfAbsent(option, value) != null) {
                return Optional.empty();
            }
        }
        if (values.containsKey("code") && values.containsKey("file")) {
            return Optional.empty();
        }
        TargetOptions target = new TargetOptions();
        target.address = address;
        target.sessionFile = Path.of(values.getOrDefault("session", SessionFile.DEFAULT_NAME));
        SnippetOptions snippet = new SnippetOptions();
        snippet.source.code = values.get("code");
        snippet.source.file = values.containsKey("file") ? Path.of(values.get("file")) : null;
        if (values.containsKey("timeout")) {
            try {
                snippet.timeoutSeconds = Double.valueOf(values.get("timeout"));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Parsed(target, snippet));
    }

    /** Each option's names, to what it sets. */
    private static final Map<String, String> OPTIONS = Map.of(
            "-e", "code",
            "--eval", "code",
            "--file", "file",
            "-f", "session",
            "--session-file", "session",
            "--timeout", "timeout");
}
