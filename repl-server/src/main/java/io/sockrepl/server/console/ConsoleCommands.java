package io.sockrepl.server.console;

import io.sockrepl.core.HeapText;
import io.sockrepl.core.ThreadsText;
import io.sockrepl.core.VmText;
import io.sockrepl.server.diagnostics.HeapDump;
import io.sockrepl.server.diagnostics.HeapReport;
import io.sockrepl.server.diagnostics.ThreadsReport;
import io.sockrepl.server.diagnostics.VmReport;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.host.LoaderNotFoundException;
import io.sockrepl.server.redefine.Patch;
import io.sockrepl.server.redefine.Redefiner;
import io.sockrepl.server.redefine.RedefinitionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/** The console's slash commands, in the spirit of jshell's. */
final class ConsoleCommands {

    private final Map<String, ConsoleCommand> commands = new LinkedHashMap<>();

    ConsoleCommands() {
        add("/help", "[COMMAND]: list these commands, or say what one does", (s, a) -> {
            PrintWriter out = s.out();
            if (!a.isEmpty()) {
                ConsoleCommand c = find(a.startsWith("/") ? a : "/" + a);
                out.println(c == null ? "|  No such command: " + a : "|  " + c.name() + " " + c.help());
                return true;
            }
            out.println("|  Type Java to run it in this JVM: statements, expressions, declarations.");
            out.println("|  Tab completes, F1 shows the documentation of what is under the cursor,");
            out.println("|  Ctrl+C interrupts a running snippet or clears the line, Ctrl+D leaves.");
            for (ConsoleCommand c : commands.values()) {
                out.printf("|  %-10s %s%n", c.name(), c.help());
            }
            s.describeState();
            return true;
        });
        bare("/exit", "end this session", s -> false);
        add("/vars", "[NAME | ID]: list the variables declared in this session", (s, a) -> {
            JShell js = s.engine().jshell();
            listed(s, a, js.variables(), v -> "|    " + v.typeName() + " " + v.name() + " = " + js.varValue(v));
            return true;
        });
        add("/methods", "[NAME | ID]: list the methods declared in this session", (s, a) -> {
            listed(s, a, s.engine().jshell().methods(), m -> "|    " + m.name() + m.signature());
            return true;
        });
        add("/types", "[NAME | ID]: list the classes, interfaces, enums and records declared", (s, a) -> {
            listed(
                    s,
                    a,
                    s.engine().jshell().types(),
                    t -> "|    "
                            + t.subKind().name().replace("_SUBKIND", "").toLowerCase(java.util.Locale.ROOT)
                            + " " + t.name());
            return true;
        });
        bare("/imports", "list the imports in effect", s -> {
            s.engine()
                    .jshell()
                    .imports()
                    .forEach(i -> s.out().println("|    " + i.source().strip()));
            return true;
        });
        add("/list", "[NAME | ID]: list what you entered, with snippet ids", (s, a) -> {
            listed(
                    s,
                    a,
                    active(s),
                    sn -> String.format("%4s : %s", sn.id(), sn.source().strip().replace("\n", "\n       ")));
            return true;
        });
        add("/drop", "NAME | ID: forget a declaration, and let go of a variable's value", (s, a) -> {
            if (a.isBlank()) {
                s.out().println("|  Which one? /drop NAME or /drop ID (see /list)");
                return true;
            }
            List<String> dropped = s.engine().drop(a.strip());
            if (dropped.isEmpty()) {
                s.out().println("|  Nothing declared here is named " + a.strip() + " (see /list)");
            }
            dropped.forEach(d -> s.out().println("|  dropped " + d));
            return true;
        });
        bare("/reset", "forget everything declared in this session", s -> {
            s.reset();
            s.out().println("|  Resetting state.");
            return true;
        });
        add("/redefine", "PATH.java | PATH.class...: new method bodies for loaded classes", (s, a) -> {
            redefine(s, a);
            return true;
        });
        add(
                "/loader",
                "[CLASS | @ID | /CONTEXT]: the class loader snippets, /source, /redefine and /revert use; "
                        + "with an argument, switch to the one that loaded CLASS, or has that id or webapp "
                        + "(in a fresh state)",
                (s, a) -> {
                    if (!a.isEmpty()) {
                        try {
                            s.switchLoader(a);
                        } catch (LoaderNotFoundException e) {
                            s.out().println("|  " + e.getMessage() + "; the session stays as it was.");
                            return true;
                        }
                        s.out().println("|  Switched; the state is fresh.");
                    }
                    s.out().println("|  " + HostLoaders.describe(s.loader()));
                    return true;
                });
        add(
                "/loaders",
                "[CLASS]: the class loaders of this JVM and their class counts; with CLASS, the "
                        + "ones that loaded it",
                (s, a) -> {
                    try {
                        List<String> lines = HostLoaders.census(a.isEmpty() ? null : a);
                        if (lines.isEmpty()) {
                            s.out().println("|  No class loader has loaded a class named " + a + ".");
                        }
                        lines.forEach(l -> s.out().println("|  " + l));
                    } catch (IOException e) {
                        s.out().println("|  " + e.getMessage());
                    }
                    return true;
                });
        add("/source", "CLASS: the source of a loaded class as it runs now, decompiled", (s, a) -> {
            if (a.isEmpty()) {
                s.out().println("|  Usage: /source CLASS");
                return true;
            }
            try {
                Redefiner.Decompiled d = s.redefiner().source(a, s.chosenLoader());
                s.out().println(d.source());
                if (d.problems() != null) {
                    s.out().println("|  This source does not compile back as it is:");
                    d.problems().lines().forEach(l -> s.out().println("|  " + l));
                }
            } catch (RedefinitionException e) {
                s.out().println("|  " + e.getMessage());
            }
            return true;
        });
        bare("/patches", "the classes redefined and not reverted: when, by whom, digest", s -> {
            List<Patch> patches = s.redefiner().patches();
            if (patches.isEmpty()) {
                s.out().println("|  Nothing is patched.");
            }
            patches.forEach(p -> {
                s.out()
                        .println("|    " + p.className() + "  " + p.at() + "  by " + p.by() + "  sha256:" + p.digest()
                                + "  in " + p.loader());
                if (p.note() != null) {
                    s.out().println("|      since: " + p.note());
                }
            });
            return true;
        });
        add("/revert", "CLASS | --all: put back the bytes before the first patch", (s, a) -> {
            try {
                if (a.isEmpty()) {
                    s.out().println("|  Usage: /revert CLASS | --all");
                } else {
                    List<String> done = s.redefiner().revert("--all".equals(a) ? null : a, s.chosenLoader());
                    s.out().println("|  Reverted " + String.join(", ", done) + ".");
                    s.audit("revert", a, "ok");
                }
            } catch (RedefinitionException e) {
                s.out().println("|  " + e.getMessage());
                s.audit("revert", a, "refused");
            }
            return true;
        });
        add("/save", "FILE: write what /list shows to FILE, on the server's machine", (s, a) -> {
            save(s, a);
            return true;
        });
        add("/open", "FILE: run FILE, on the server's machine, as if typed", (s, a) -> {
            open(s, a);
            return true;
        });
        add(
                "/threads",
                "[NAME | ID | --blocked | --synchronizers]: deadlocks, then the busiest threads over a second",
                (s, a) -> {
                    threads(s, a);
                    return true;
                });
        add("/heap", "[--live]: the classes with the most bytes on the heap (--live: a full GC first)", (s, a) -> {
            if (a.isEmpty() || "--live".equals(a)) {
                report(s, HeapText.render(HeapReport.histogram(!a.isEmpty(), 20)));
            } else {
                s.out().println("|  Usage: /heap [--live]");
            }
            return true;
        });
        add(
                "/heapdump",
                "[--live] FILE: write the heap to FILE (absolute; new, 0600, in a directory only you write)",
                (s, a) -> {
                    boolean live = a.startsWith("--live ");
                    String file = live ? a.substring("--live ".length()).trim() : a;
                    if (file.isEmpty()) {
                        s.out().println("|  Usage: /heapdump [--live] FILE");
                        return true;
                    }
                    try {
                        long bytes = HeapDump.write(Path.of(file), live);
                        s.out().println("|  Wrote " + bytes + " bytes to " + file + ".");
                        s.audit("heapdump", file, "ok");
                    } catch (IllegalArgumentException e) {
                        s.out().println("|  " + e.getMessage());
                        s.audit("heapdump", file, "refused");
                    }
                    return true;
                });
        add("/vm", "[--properties]: this JVM: version, uptime, collector, heap, flags, command line", (s, a) -> {
            if (a.isEmpty() || "--properties".equals(a)) {
                report(s, VmText.render(VmReport.take(!a.isEmpty())));
            } else {
                s.out().println("|  Usage: /vm [--properties]");
            }
            return true;
        });
        bare("/history", "list what you typed in this session", s -> {
            s.reader().getHistory().forEach(e -> s.out().println(e.line()));
            return true;
        });
    }

    private static void threads(ConsoleSession s, String argument) {
        boolean blocked = "--blocked".equals(argument);
        boolean synchronizers = "--synchronizers".equals(argument);
        String thread = argument.isEmpty() || blocked || synchronizers ? null : argument;
        ThreadsReport.Query d = ThreadsReport.Query.DEFAULT;
        try {
            ThreadsReport.Report report = ThreadsReport.take(
                    new ThreadsReport.Query(d.interval(), thread, blocked, synchronizers, d.depth(), d.limit()));
            int width = s.reader().getTerminal().getWidth() - 3;
            report(s, ThreadsText.render(ThreadsReport.toJson(report), width));
        } catch (IllegalArgumentException e) {
            s.out().println("|  " + e.getMessage());
        } catch (InterruptedException e) {
            s.out().println("|  Interrupted.");
        }
    }

    /** A diagnostic report's text, each line set off as the console's own output. */
    private static void report(ConsoleSession s, String text) {
        text.lines().forEach(l -> s.out().println("|  " + l));
    }

    /** A command that takes no argument, and says so when given one rather than ignore it. */
    private void bare(String name, String help, java.util.function.Predicate<ConsoleSession> action) {
        add(name, help, (s, a) -> {
            if (!a.isEmpty()) {
                s.out().println("|  " + name + " takes no argument (" + name + " " + help + ").");
                return true;
            }
            return action.test(s);
        });
    }

    /** Whether a snippet is the one an argument names (by name or id); every one when there is none. */
    private static boolean selects(Snippet snippet, String argument) {
        return argument.isEmpty()
                || snippet.id().equals(argument)
                || snippet instanceof jdk.jshell.DeclarationSnippet d
                        && d.name().equals(argument);
    }

    /**
     * Prints a line for each of the session's own snippets the argument selects, or says that
     * nothing has the name or id asked for.
     */
    private static <T extends Snippet> void listed(
            ConsoleSession s, String argument, Stream<T> snippets, Function<T, String> line) {
        List<String> lines = snippets.filter(sn -> isUser(s, sn) && selects(sn, argument))
                .map(line)
                .toList();
        lines.forEach(s.out()::println);
        if (lines.isEmpty() && !argument.isEmpty()) {
            s.out().println("|  Nothing here is named or numbered " + argument + ".");
        }
    }

    /** What the user entered that is still in effect, in order: what /list shows. */
    private static Stream<Snippet> active(ConsoleSession s) {
        return s.engine()
                .userSnippets()
                .filter(sn -> s.engine().jshell().status(sn).isActive());
    }

    /** The command of that name, or the only one it is the start of. */
    private ConsoleCommand find(String name) {
        ConsoleCommand c = commands.get(name);
        if (c != null) {
            return c;
        }
        List<String> starting = startingWith(name);
        return starting.size() == 1 ? commands.get(starting.get(0)) : null;
    }

    private List<String> startingWith(String name) {
        return commands.keySet().stream().filter(n -> n.startsWith(name)).toList();
    }

    private void add(String name, String help, BiPredicate<ConsoleSession, String> action) {
        commands.put(name, new ConsoleCommand() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String help() {
                return help;
            }

            @Override
            public boolean run(ConsoleSession session, String argument) {
                return action.test(session, argument);
            }
        });
    }

    private static void redefine(ConsoleSession s, String paths) {
        if (paths.isBlank()) {
            s.out().println("|  Usage: /redefine PATH.java | PATH.class...");
            return;
        }
        String path = paths;
        try {
            List<String> files = List.of(paths.split("\\s+"));
            List<String> done;
            if (files.get(0).endsWith(".class")) {
                List<byte[]> classes = new ArrayList<>();
                for (String f : files) {
                    path = f;
                    classes.add(Files.readAllBytes(Path.of(f)));
                }
                done = s.redefiner().redefineClassFiles(classes, s.who(), s.chosenLoader());
            } else {
                Path file = Path.of(path);
                done = s.redefiner()
                        .redefine(
                                file.getFileName().toString(),
                                Files.readString(file, StandardCharsets.UTF_8),
                                List.of(),
                                s.who(),
                                s.chosenLoader());
            }
            s.out()
                    .println(
                            done.isEmpty()
                                    ? "|  Nothing to redefine: the running code is the same."
                                    : "|  Redefined " + String.join(", ", done) + ".");
            s.audit("redefine", paths, "ok");
        } catch (IOException | InvalidPathException e) {
            s.out().println("|  Cannot read " + path + ": " + e.getMessage());
        } catch (RedefinitionException e) {
            s.out().println("|  " + e.getMessage());
            s.audit("redefine", paths, "refused");
        }
    }

    /** The sources of the session's own snippets still in effect, in order, each ending a line. */
    private static void save(ConsoleSession s, String file) {
        if (file.isEmpty()) {
            s.out().println("|  Usage: /save FILE");
            return;
        }
        StringBuilder sources = new StringBuilder();
        active(s).forEach(sn -> sources.append(sn.source().strip()).append('\n'));
        try {
            Files.writeString(Path.of(file), sources, StandardCharsets.UTF_8);
            s.out().println("|  Saved to " + Path.of(file).toAbsolutePath() + ".");
        } catch (IOException | InvalidPathException e) {
            s.out().println("|  Cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void open(ConsoleSession s, String file) {
        if (file.isEmpty()) {
            s.out().println("|  Usage: /open FILE");
            return;
        }
        String source;
        try {
            source = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            s.out().println("|  Cannot read " + file + ": " + e.getMessage());
            return;
        }
        s.evaluate(source);
    }

    /** Shows the source of the snippet {@code which} names and runs it again, as a new snippet. */
    private static void runAgain(ConsoleSession s, String which) {
        List<Snippet> entered = s.engine().userSnippets().toList();
        Snippet chosen;
        if (which.equals("!")) {
            chosen = entered.isEmpty() ? null : entered.get(entered.size() - 1);
        } else if (which.startsWith("-")) {
            int back = Integer.parseInt(which.substring(1));
            chosen = back >= 1 && back <= entered.size() ? entered.get(entered.size() - back) : null;
        } else {
            chosen = entered.stream()
                    .filter(sn -> sn.id().equals(which))
                    .findFirst()
                    .orElse(null);
        }
        if (chosen == null) {
            s.out().println("|  No snippet " + (which.equals("!") ? "to run again" : which) + " (see /list).");
            return;
        }
        s.out().println(chosen.source().strip());
        s.evaluate(chosen.source());
    }

    private static boolean isUser(ConsoleSession s, Snippet snippet) {
        return s.engine().isUserSnippet(snippet) || s.isBinding(snippet);
    }

    List<String> names() {
        return List.copyOf(commands.keySet());
    }

    /** jshell's way to run a snippet again: {@code /!} the last one, {@code /ID} that one, {@code /-N} the N-th last. */
    private static final java.util.regex.Pattern AGAIN = java.util.regex.Pattern.compile("/(!|-?\\d{1,9})");

    /** Runs the command a line names; false when the session should end. */
    boolean dispatch(ConsoleSession session, String line) {
        String trimmed = line.strip();
        int space = trimmed.indexOf(' ');
        String name = space < 0 ? trimmed : trimmed.substring(0, space);
        String argument = space < 0 ? "" : trimmed.substring(space + 1).strip();
        java.util.regex.Matcher again = AGAIN.matcher(name);
        if (again.matches() && argument.isEmpty()) {
            runAgain(session, again.group(1));
            return true;
        }
        ConsoleCommand c = find(name);
        if (c == null) {
            List<String> close = startingWith(name);
            session.out()
                    .println("|  No such command: " + name
                            + (close.isEmpty()
                                    ? ". Type /help for the list."
                                    : ". Did you mean one of " + String.join(", ", close) + "?"));
            return true;
        }
        return c.run(session, argument);
    }
}
