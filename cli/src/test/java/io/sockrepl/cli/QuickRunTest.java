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
                new String[] {"run", "app.sock", "-e", ""});
    }

    static Stream<Arguments> picocliForms() {
        return forms(
                new String[] {},
                new String[] {"status"},
                new String[] {"app.sock"},
                new String[] {"run", "--help"},
                new String[] {"run", "app.sock", "--timeout", "2", "-e", "get(1);"},
                new String[] {"run", "app.sock", "--file", "s.jsh"},
                new String[] {"run", "--token", "t", "-e", "get(1);"},
                new String[] {"run", "-f", "other.json", "-e", "get(1);"},
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
        CommandLine picocli = new CommandLine(RunCommand.class);
        picocli.parseArgs(Arrays.copyOfRange(args, 1, args.length));
        RunCommand expected = picocli.getCommand();
        assertEquals(expected.target.address, quick.target().address);
        assertEquals(expected.target.sessionFile, quick.target().sessionFile);
        assertEquals(expected.target.token, quick.target().token);
        assertEquals(expected.snippet.source.code, quick.snippet().source.code);
        assertEquals(expected.snippet.source.file, quick.snippet().source.file);
        assertEquals(expected.snippet.timeoutSeconds, quick.snippet().timeoutSeconds);
        assertEquals(expected.snippet.loader, quick.snippet().loader);
    }

    @ParameterizedTest
    @MethodSource("picocliForms")
    void leavesEverythingElseToPicocli(String[] args) {
        assertEquals(Optional.empty(), QuickRun.parse(args), Arrays.toString(args));
    }
}
