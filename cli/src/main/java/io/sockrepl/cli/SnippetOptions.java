package io.sockrepl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a snippet comes from, and how long it may run. */
final class SnippetOptions {

    @ArgGroup(exclusive = true)
    Source source = new Source();

    static final class Source {
        @Option(
                names = {"-e", "--eval"},
                paramLabel = "CODE",
                description = "Run CODE instead of reading stdin.")
        String code;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "Run the snippet in FILE instead of reading stdin.")
        Path file;
    }

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Ask the server to interrupt the snippet after this many seconds.")
    Double timeoutSeconds;

    @Option(
            names = "--loader",
            paramLabel = "CLASS",
            description = {
                "Run in the class loader that loaded CLASS, or that has the @ID or webapp context /loaders shows",
                "(default: the server's choice, the application's).",
                "Each loader has a state of its own."
            })
    String loader;

    String read() {
        try {
            if (source.code != null) {
                return source.code;
            }
            if (source.file != null) {
                return Files.readString(source.file, StandardCharsets.UTF_8);
            }
            if (typedAtATerminal()) {
                // a bare `sockrepl` would otherwise wait in silence
                System.err.println("sockrepl: reading a snippet from the terminal; end it with Ctrl+D"
                        + " ('sockrepl --help' lists the commands, 'sockrepl attach' opens a console)");
            }
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCodes.USAGE, "no such file: " + source.file);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot read the snippet: " + e.getMessage());
        }
    }

    /**
     * Whether standard input and output are a terminal: JDK 17 has a console only then; from 22
     * there is always one, and {@code isTerminal} tells.
     */
    private static boolean typedAtATerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException before22) {
            return true;
        }
    }

    Duration timeout() {
        if (timeoutSeconds == null) {
            return Duration.ZERO;
        }
        if (!(timeoutSeconds > 0)) {
            throw new CliFailure(ExitCodes.USAGE, "--timeout must be a positive number of seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
    }
}
