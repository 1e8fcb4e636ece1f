package io.sockrepl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The quick reading of {@code run} means what picocli's does, or leaves the line to picocli. */
class QuickRunTest {

    static Stream<Arguments> quickForms() {
        return forms(
                new String[] {"run"},
                new String[] {"run", "app.sock"},
                new String[] {"run", "app.sock", "-e", "get(1);"},
                new String[] {"run", "-e", "get(1);", "app.sock"},
                new String[] {"run", "-e", "get(1);"},
                new String[] {"run", ":7000", "--eval", "int x = 1;\nget(x);"},
                new String[] {"run", "4242", "--eval=get(\"a b\");"},
                new String[] {"run", "app.sock", "-e", ""},
                new String[] {"run", "app.sock", "--timeout", "2", "-e", "get(1);"},
                new String[] {"run", "app.sock", "--timeout=0.5", "-e", "get(1);"},
                new String[] {"run", "app.sock", "--file", "s.jsh"},
                new String[] {"run", "--file=s.jsh", "app.sock"},
                new String[] {"run", "-f", "other.json", "-e", "get(1);"},
                new String[] {"run", "--session-file=other.json"},
                new String[] {},
                new String[] {"app.sock"},
                new String[] {"4242"},
                new String[] {"-e", "get(1);", "app.sock"},
                new String[] {"-f", "s.json", "--timeout", "3"},
                new String[] {"./app.sock", "--file", "s.jsh"});
    }

    static Stream<Arguments> picocliForms() {
        return forms(
                new String[] {"status"},
                new String[] {"stauts"},
                new String[] {"attach", "app.sock"},
                new String[] {"--help"},
                new String[] {"-V"},
                new String[] {"run", "--help"},
                new String[] {"run", "app.sock", "--timeout", "soon", "-e", "get(1);"},
                new String[] {"run", "app.sock", "--timeout", "-1", "-e", "get(1);"},
                new String[] {"run", "app.sock", "--file", "s.jsh", "-e", "get(1);"},
                new String[] {"run", "-f", "a.json", "-f", "b.json"},
                new String[] {"run", "app.sock", "--timeout"},
                new String[] {"run", "-fother.json", "-e", "get(1);"},
                new String[] {"run", "--token", "t", "-e", "get(1);"},
                new String[] {"run", "app.sock", "-e"},
                new String[] {"run", "app.sock", "-e", "-1"},
                new String[] {"run", "app.sock", "-e", "get(1);", "-e", "get(2);"},
                new String[] {"run", "a.sock", "b.sock"},
                new String[] {"run", "app.sock", "-e", "get(1);", "--loader", "com.example.App"});
    }

    private static Stream<Arguments> forms(String[]... lines) {
        return Stream.of(lines).map(line -> Arguments.of((Object) line));
    }

    @ParameterizedTest
    @MethodSource("quickForms")
    void readsWhatPicocliReads(String[] args) {
        QuickRun.Parsed quick = QuickRun.parse(args).orElseThrow(() -> new AssertionError(Arrays.toString(args)));
        TargetOptions target;
        SnippetOptions snippet;
        if (args.length > 0 && args[0].equals("run")) {
            CommandLine picocli = new CommandLine(RunCommand.class);
            picocli.parseArgs(Arrays.copyOfRange(args, 1, args.length));
            RunCommand expected = picocli.getCommand();
            target = expected.target;
            snippet = expected.snippet;
        } else {
            // the bare form: the root command, with its subcommands as RootCommand.execute models it
            CommandLine picocli = new CommandLine(new RootCommand());
            picocli.parseArgs(args);
            RootCommand expected = picocli.getCommand();
            target = expected.target;
            snippet = expected.snippet;
        }
        String line = Arrays.toString(args);
        assertEquals(target.address, quick.target().address, line);
        assertEquals(target.sessionFile, quick.target().sessionFile, line);
        assertEquals(target.token, quick.target().token, line);
        assertEquals(snippet.source.code, quick.snippet().source.code, line);
        assertEquals(snippet.source.file, quick.snippet().source.file, line);
        assertEquals(snippet.timeoutSeconds, quick.snippet().timeoutSeconds, line);
        assertEquals(snippet.loader, quick.snippet().loader, line);
    }

    @ParameterizedTest
    @MethodSource("picocliForms")
    void leavesEverythingElseToPicocli(String[] args) {
        assertEquals(Optional.empty(), QuickRun.parse(args), Arrays.toString(args));
    }
}
