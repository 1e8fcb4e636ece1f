package io.sockrepl.server.console;

import java.util.Collection;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;
import org.jline.keymap.KeyMap;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * The console's line reader: Java is complete when JShell says so (else a continuation prompt),
 * Tab completes code and slash commands, F1 shows the documentation of what is under the cursor.
 */
final class JavaLineReader {

    private static final String DOCUMENTATION = "sockrepl-documentation";

    private JavaLineReader() {}

    /** @param analysis the analysis of the session's current JShell state (it changes on /reset) */
    static LineReader create(
            Terminal terminal, Supplier<SourceCodeAnalysis> analysis, Supplier<Collection<String>> commands) {
        Suggestions suggestions = new Suggestions(analysis);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sockrepl")
                .parser(new JShellParser(analysis, suggestions))
                .completer(new JShellCompleter(suggestions, commands))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        reader.getWidgets().put(DOCUMENTATION, () -> showDocumentation(reader, analysis.get()));
        KeyMap<org.jline.reader.Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
        // F1 as the terminal type names it, and as xterm sends it whatever the type says
        String f1 = KeyMap.key(terminal, Capability.key_f1);
        if (f1 != null && !f1.isEmpty()) {
            main.bind(new Reference(DOCUMENTATION), f1);
        }
        main.bind(new Reference(DOCUMENTATION), "\033OP");
        return reader;
    }

    private static boolean showDocumentation(LineReader reader, SourceCodeAnalysis analysis) {
        String buffer = reader.getBuffer().toString();
        int cursor = reader.getBuffer().cursor();
        String docs = analysis.documentation(buffer, cursor, true).stream()
                .map(d -> d.signature()
                        + (d.javadoc() == null || d.javadoc().isBlank()
                                ? ""
                                : "\n" + d.javadoc().strip()))
                .collect(Collectors.joining("\n\n"));
        reader.printAbove(docs.isEmpty() ? "|  No documentation found." : docs);
        return true;
    }
}
