package io.sockrepl.cli;

import io.sockrepl.core.SessionFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The forms of {@code sockrepl run} that scripts use in a loop, read without picocli: modelling a
 * command costs a cold JVM more than the request itself. Only {@code run [ADDRESS] [-e CODE]},
 * with {@code --eval CODE} or {@code --eval=CODE} for {@code -e}, is read here; any other option,
 * a second operand or a value that looks like an option leaves the whole command line to picocli,
 * so that help, defaults and every usage error stay picocli's. {@code QuickRunTest} holds both to
 * the same meaning.
 */
final class QuickRun {

    /** What a quick command line names. */
    record Parsed(TargetOptions target, SnippetOptions snippet) {}

    private QuickRun() {}

    static Optional<Parsed> parse(String... args) {
        if (args.length == 0 || !"run".equals(args[0])) {
            return Optional.empty();
        }
        String address = null;
        String code = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            if (arg.equals("-e") || arg.equals("--eval")) {
                if (i + 1 >= args.length) {
                    return Optional.empty();
                }
                value = args[++i];
            } else if (arg.startsWith("--eval=")) {
                value = arg.substring("--eval=".length());
            } else if (arg.startsWith("-") || address != null) {
                return Optional.empty();
            } else {
                address = arg;
                continue;
            }
            if (code != null || value.startsWith("-")) {
                return Optional.empty();
            }
            code = value;
        }
        TargetOptions target = new TargetOptions();
        target.address = address;
        target.sessionFile = Path.of(SessionFile.DEFAULT_NAME);
        SnippetOptions snippet = new SnippetOptions();
        snippet.source.code = code;
        return Optional.of(new Parsed(target, snippet));
    }
}
