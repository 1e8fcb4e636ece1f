package io.sockrepl.server.console;

import io.sockrepl.core.Tokens;
import io.sockrepl.pty.PtySocketProxy;
import io.sockrepl.pty.SlaveStreams;
import io.sockrepl.server.eval.Binding;
import io.sockrepl.server.eval.Capture;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.eval.EvalResult;
import io.sockrepl.server.eval.Outcome;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.host.LoaderNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interactive console: a JShell state of its own, driven by a JLine reader on the slave side of
 * a pseudo-terminal whose master is the client's socket. Runs on the thread that calls
 * {@link #run()} until the user leaves or the client goes away, then releases everything.
 */
public final class ConsoleSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String PROMPT = "sockrepl> ";
    private static final long STOP_RETRY_MILLIS = 50;
    private static final long DRAIN_MILLIS = 2000;

    private final int id = IDS.incrementAndGet();
    private final Socket socket;
    private final byte[] readAhead;
    private final TerminalSpec spec;
    private final ConsoleEnvironment env;
    private final ConsoleCommands commands = new ConsoleCommands();
    private ConsoleSocket console;
    private PtySocketProxy proxy;
    private Terminal terminal;
    private LineReader reader;
    private PrintWriter out;
    private volatile Engine engine;
    /** The application class loader this session's snippets run in. */
    private ClassLoader loader;
    /** The session's own binding ({@code terminal}). */
    private Binding sessionBinding;
    private Set<String> boundNames = Set.of();
    private volatile boolean evaluating;
    /** Counts evaluations, so that a stopper never outlives the one it was started for. */
    private volatile long evaluation;
    private volatile boolean interrupted;
    private volatile boolean clientGone;

    /**
     * @param readAhead bytes already read from the socket while deciding what it was; typed first
     */
    public ConsoleSession(Socket socket, byte[] readAhead, TerminalSpec spec, ConsoleEnvironment env) {
        this.socket = socket;
        this.readAhead = readAhead;
        this.spec = spec;
        this.env = env;
    }

    @Override
    public void run() {
        String oldName = Thread.currentThread().getName();
        Thread.currentThread().setName("sockrepl-console-" + id);
        int status = 1;
        try {
            open();
            if (authenticated()) {
                banner();
                loader = env.engines().loaders().preferred();
                replaceEngine();
                describeState();
                loop();
                status = 0;
            }
        } catch (IOException | RuntimeException | LinkageError | LoaderNotFoundException e) {
            if (!clientGone) {
                LOG.warn("console session {} failed", id, e);
                if (out != null) {
                    out.println("|  The session failed: " + (e instanceof LoaderNotFoundException ? e.getMessage() : e));
                    out.flush();
                }
            }
        } finally {
            release(status);
            Thread.currentThread().setName(oldName);
            LOG.info("console session {} ended", id);
        }
    }

    private void open() throws IOException {
        console = new ConsoleSocket(socket, readAhead, spec.inband() ? this::resize : null);
        proxy = PtySocketProxy.open(console, this::onClientGone, () -> { });
        SlaveStreams slave = proxy.openSlaveStreams(StandardCharsets.UTF_8);
        proxy.setWindowSize(spec.columns(), spec.rows());
        proxy.start();
        terminal = TerminalBuilder.builder().system(false).name("sockrepl-" + id).type(spec.type())
                .encoding(StandardCharsets.UTF_8).streams(slave.input(), slave.output())
                .size(new Size(spec.columns(), spec.rows())).build();
        // never canonical: JLine's line discipline drops a half-typed line when readLine switches
        // to raw mode, so keystrokes typed while a snippet runs would be lost; ISIG stays, so
        // Ctrl+C still interrupts the snippet
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO,
                Attributes.LocalFlag.IEXTEN), false);
        terminal.setAttributes(attributes);
        out = terminal.writer();
        sessionBinding = new Binding("terminal", Terminal.class, terminal);
        Suggestions suggestions = new Suggestions(() -> engine.jshell().sourceCodeAnalysis());
        reader = LineReaderBuilder.builder().terminal(terminal).appName("sockrepl")
                .parser(new JShellParser(() -> engine.jshell().sourceCodeAnalysis(), suggestions))
                .completer(new JShellCompleter(suggestions, commands::names))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        reader.getWidgets().put("sockrepl-documentation", this::showDocumentation);
        KeyMap<org.jline.reader.Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
        // F1 as the terminal type names it, and as xterm sends it whatever the type says
        String f1 = KeyMap.key(terminal, Capability.key_f1);
        if (f1 != null && !f1.isEmpty()) {
            main.bind(new Reference("sockrepl-documentation"), f1);
        }
        main.bind(new Reference("sockrepl-documentation"), "\033OP");
        terminal.handle(Terminal.Signal.INT, signal -> interruptRunningSnippet());
        LOG.info("console session {} started ({} {}x{})", id, spec.type(), spec.columns(), spec.rows());
    }

    /** Plain terminals on TCP prove they hold the token before any code runs. */
    private boolean authenticated() {
        if (env.token() == null) {
            return true;
        }
        try {
            // a reader of its own: the session's parses Java, with a JShell state not made yet
            LineReader plain = LineReaderBuilder.builder().terminal(terminal).build();
            String typed = plain.readLine("token: ", '*');
            if (Tokens.matches(env.token(), typed.strip())) {
                return true;
            }
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
        out.println("|  Wrong token; closing.");
        out.flush();
        LOG.warn("console session {}: wrong token", id);
        return false;
    }

    private void banner() {
        String command = System.getProperty("sun.java.command", "").split(" ")[0];
        out.println("sockrepl console, session " + id + ": pid " + ProcessHandle.current().pid()
                + (command.isEmpty() ? "" : " (" + command + ")") + ", Java " + Runtime.version());
        out.flush();
    }

    /** Says what snippets see: the loader, the bound variables and the helpers. */
    void describeState() {
        out.println("|  classes of: " + HostLoaders.describe(loader));
        out.println("|  bound: " + engine.bindings().stream()
                .map(b -> b.name() + " (" + b.type().getSimpleName() + ")").collect(Collectors.joining(", ")));
        out.println("|  helpers: get(x), instances(Type.class[, limit])"
                + (boundNames.contains("spring") ? ", bean(Type.class), bean(\"name\")" : ""));
        out.println("|  Type Java to run it in this JVM. /help for help; /exit or Ctrl+D to leave.");
        out.flush();
    }

    /** A fresh state in the session's loader; the old one, if any, is closed. */
    private void replaceEngine() {
        Engine old = engine;
        engine = env.engines().create(loader, List.of(sessionBinding));
        boundNames = engine.bindings().stream().map(Binding::name).collect(Collectors.toSet());
        if (old != null) {
            old.close();
        }
    }

    private void loop() {
        while (!clientGone) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException | java.io.IOError e) {
                goodbye();
                return;
            }
            if (line.isBlank()) {
                continue;
            }
            if (JShellParser.isCommand(line)) {
                if (!commands.dispatch(this, line)) {
                    goodbye();
                    return;
                }
            } else {
                evaluate(line);
            }
            out.flush();
        }
    }

    private void goodbye() {
        if (!clientGone) {
            out.println("Goodbye.");
            out.flush();
        }
    }

    private void evaluate(String source) {
        Capture capture = new Capture(new TerminalOutput(), new TerminalOutput());
        capture.bind();
        interrupted = false;
        evaluation++;
        evaluating = true;
        EvalResult r;
        long started = System.nanoTime();
        try {
            r = engine.eval(source, () -> interrupted);
        } finally {
            evaluating = false;
            capture.close();
            Capture.unbind();
        }
        env.audit().record(io.sockrepl.core.PeerCheck.describe(socket), env.transport(), "console " + id, "console",
                source, r.outcome().wireName(), (System.nanoTime() - started) / 1_000_000);
        r.feedback().forEach(out::println);
        r.warnings().forEach(out::println);
        if (r.outcome() == Outcome.INTERRUPTED) {
            out.println("|  Interrupted.");
        } else if (!r.error().isEmpty()) {
            out.print(r.error());
        }
        out.flush();
    }

    /** Ctrl+C while a snippet runs: stop it, repeating while JShell is still compiling it. */
    private void interruptRunningSnippet() {
        if (!evaluating) {
            return;
        }
        interrupted = true;
        Engine e = engine;
        long target = evaluation;
        Thread stopper = new Thread(() -> {
            while (evaluating && evaluation == target) {
                e.stop();
                try {
                    Thread.sleep(STOP_RETRY_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }, "sockrepl-console-" + id + "-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    private boolean showDocumentation() {
        String buffer = reader.getBuffer().toString();
        int cursor = reader.getBuffer().cursor();
        String docs = engine.jshell().sourceCodeAnalysis().documentation(buffer, cursor, true).stream()
                .map(d -> d.signature() + (d.javadoc() == null || d.javadoc().isBlank() ? "" : "\n" + d.javadoc().strip()))
                .collect(Collectors.joining("\n\n"));
        reader.printAbove(docs.isEmpty() ? "|  No documentation found." : docs);
        return true;
    }

    private void resize(int columns, int rows) {
        try {
            proxy.setWindowSize(columns, rows);
        } catch (IOException e) {
            LOG.debug("console session {}: pty resize failed: {}", id, e.getMessage());
        }
        Terminal t = terminal;
        if (t != null) {
            t.setSize(new Size(columns, rows));
            t.raise(Terminal.Signal.WINCH);
        }
    }

    private void onClientGone() {
        clientGone = true;
        interruptRunningSnippet();
    }

    private void release(int status) {
        if (!clientGone && console != null) {
            console.endSession(status);
        }
        clientGone = true;
        if (proxy != null) {
            proxy.drainAndStop(DRAIN_MILLIS);
        }
        Engine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
        try {
            if (terminal != null) {
                terminal.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (proxy != null) {
            proxy.stop();
        }
        try {
            // through the console socket, which sends the end status as its last bytes
            (console != null ? console : socket).close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    PrintWriter out() {
        return out;
    }

    Engine engine() {
        return engine;
    }

    LineReader reader() {
        return reader;
    }

    io.sockrepl.server.redefine.Redefiner redefiner() {
        return env.redefiner();
    }

    /** Records a change of code made from this session. */
    void audit(String kind, String code, String outcome) {
        env.audit().record(io.sockrepl.core.PeerCheck.describe(socket), env.transport(), "console " + id, kind, code,
                outcome, 0);
    }

    /** Who this session is, for the patch records. */
    String who() {
        return "console " + id + " (" + io.sockrepl.core.PeerCheck.describe(socket) + ")";
    }

    void redefine(String paths) {
        if (paths.isBlank()) {
            out.println("|  Usage: /redefine PATH.java | PATH.class...");
            return;
        }
        String path = paths;
        try {
            List<String> files = List.of(paths.split("\\s+"));
            List<String> done;
            if (files.get(0).endsWith(".class")) {
                List<byte[]> classes = new java.util.ArrayList<>();
                for (String f : files) {
                    path = f;
                    classes.add(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(f)));
                }
                done = env.redefiner().redefineClassFiles(classes, who());
            } else {
                java.nio.file.Path file = java.nio.file.Path.of(path);
                done = env.redefiner().redefine(file.getFileName().toString(),
                        java.nio.file.Files.readString(file, StandardCharsets.UTF_8), List.of(), who());
            }
            out.println("|  Redefined " + String.join(", ", done) + ".");
            audit("redefine", String.join(", ", done), "ok");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            out.println("|  Cannot read " + path + ": " + e.getMessage());
        } catch (io.sockrepl.server.redefine.RedefinitionException e) {
            out.println("|  " + e.getMessage());
        }
    }

    void reset() {
        replaceEngine();
    }

    /** The loader snippets run in now. */
    ClassLoader loader() {
        return loader;
    }

    /** Runs snippets in the loader of the class named {@code className}, in a fresh state. */
    void switchLoader(String className) throws LoaderNotFoundException {
        loader = HostLoaders.ofClass(className);
        replaceEngine();
    }

    boolean isBinding(Snippet snippet) {
        return snippet instanceof VarSnippet v && boundNames.contains(v.name());
    }

    /** The session's terminal as an output stream, for what snippets print. */
    private final class TerminalOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            OutputStream o = terminal.output();
            synchronized (o) {
                o.write(b, off, len);
                o.flush();
            }
        }
    }
}
