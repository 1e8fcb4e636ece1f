package io.sockrepl.server.console;

import io.sockrepl.core.AttachRequest;
import io.sockrepl.core.ByteSizes;
import io.sockrepl.core.Inband;
import io.sockrepl.core.Outcome;
import io.sockrepl.core.PeerCheck;
import io.sockrepl.core.Tokens;
import io.sockrepl.server.eval.Binding;
import io.sockrepl.server.eval.Capture;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.eval.EvalResult;
import io.sockrepl.server.eval.Interruption;
import io.sockrepl.server.eval.LateOutput;
import io.sockrepl.server.host.Engines;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.host.LoaderNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
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

    private final int id = IDS.incrementAndGet();
    private final Socket socket;
    /** Who is at the other end, read from the socket once, for the audit records. */
    private final String peer;

    private final byte[] readAhead;
    private final AttachRequest spec;
    private final ConsoleEnvironment env;
    private final ConsoleAdmission admission;
    private final ConsoleCommands commands = new ConsoleCommands();
    private volatile ConsoleTerminal console;
    private Terminal terminal;
    private LineReader reader;
    private PrintWriter out;
    private volatile Engine engine;
    /** The application class loader this session's snippets run in. */
    private ClassLoader loader;

    private boolean chosen;
    /** The session's own binding ({@code terminal}). */
    private Binding sessionBinding;

    private Set<String> boundNames = Set.of();
    /** How Ctrl+C stops the snippet running now; null between snippets. */
    private volatile Interruption running;

    private volatile boolean clientGone;

    /**
     * @param readAhead bytes already read from the socket while deciding what it was; typed first
     * @param admission what lets the session begin once its terminal has typed the token
     */
    public ConsoleSession(
            Socket socket, byte[] readAhead, AttachRequest spec, ConsoleEnvironment env, ConsoleAdmission admission) {
        this.socket = socket;
        this.admission = admission;
        this.peer = PeerCheck.describe(socket);
        this.readAhead = readAhead;
        this.spec = spec;
        this.env = env;
    }

    @Override
    public void run() {
        String oldName = Thread.currentThread().getName();
        Thread.currentThread().setName("sockrepl-console-" + id);
        Inband.Ending ending = Inband.Ending.FAILED;
        try {
            open();
            if (authenticated()) {
                String refusal = admission.enter();
                if (refusal != null) {
                    out.println("|  " + refusal);
                    out.flush();
                } else {
                    banner();
                    loader = env.engines().loaders().preferred();
                    replaceEngine();
                    describeState();
                    loop();
                    ending = Inband.Ending.LEFT;
                }
            }
        } catch (IOException | RuntimeException | LinkageError | LoaderNotFoundException e) {
            if (!clientGone) {
                LOG.warn("console session {} failed", id, e);
                if (out != null) {
                    out.println(
                            "|  The session failed: " + (e instanceof LoaderNotFoundException ? e.getMessage() : e));
                    out.flush();
                }
            }
        } finally {
            release(ending);
            Thread.currentThread().setName(oldName);
            LOG.info("console session {} ended", id);
        }
    }

    private void open() throws IOException {
        console = ConsoleTerminal.open(id, socket, readAhead, spec, this::onClientGone);
        terminal = console.terminal();
        out = terminal.writer();
        sessionBinding = new Binding("terminal", Terminal.class, terminal);
        reader = JavaLineReader.create(terminal, () -> engine.jshell().sourceCodeAnalysis(), commands::names);
        terminal.handle(Terminal.Signal.INT, signal -> interruptRunningSnippet("Ctrl+C"));
        LOG.info("console session {} started ({} {}x{})", id, spec.term(), spec.columns(), spec.rows());
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
        admission.refused("wrong token at the console's prompt (session " + id + ")");
        return false;
    }

    private void banner() {
        String command = System.getProperty("sun.java.command", "").split(" ")[0];
        out.println("sockrepl console, session " + id + ": pid "
                + ProcessHandle.current().pid() + (command.isEmpty() ? "" : " (" + command + ")") + ", Java "
                + Runtime.version());
        out.flush();
    }

    /** Says what snippets see: the loader, the bound variables and the helpers. */
    void describeState() {
        out.println("|  classes of: " + HostLoaders.describe(loader));
        out.println("|  bound: "
                + engine.bindings().stream()
                        .map(b -> b.name() + " (" + b.type().getSimpleName() + ")")
                        .collect(Collectors.joining(", ")));
        out.println("|  helpers: get(x), instances(Type.class[, limit])"
                + (boundNames.contains("spring") ? ", bean(Type.class), bean(\"name\")" : ""));
        out.println("|  Type Java to run it in this JVM. /help for help; /exit or Ctrl+D to leave.");
        out.flush();
    }

    /** A fresh state in the session's loader; the old one, if any, is closed. */
    private void replaceEngine() {
        Engine old = engine;
        engine = env.engines().create(loader, List.of(sessionBinding), stateName());
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
            try {
                if (!JShellParser.isCommand(line)) {
                    evaluate(line);
                } else if (!commands.dispatch(this, line)) {
                    goodbye();
                    return;
                }
            } catch (OutOfMemoryError full) {
                // what the snippet (or /open) left is still held; the session and its state go on
                out.println(NO_MEMORY);
                heldHeap();
            }
            out.flush();
        }
    }

    /** Made while there is memory: a snippet that fills the heap leaves none to make it. */
    private static final String NO_MEMORY =
            "java.lang.OutOfMemoryError: the heap is full, and the console had no memory left to show more";

    private void goodbye() {
        if (!clientGone) {
            out.println("Goodbye.");
            out.flush();
        }
    }

    /** Runs source as if typed at the prompt, and shows what it did. */
    void evaluate(String source) {
        Interruption interruption = new Interruption();
        running = interruption;
        EvalResult r;
        long started = System.nanoTime();
        try {
            Capture capture = new Capture(console.screen(), console.screen());
            capture.afterwards(new LateOutput(this::lateLine));
            r = engine.eval(source, capture, interruption);
        } finally {
            running = null;
        }
        env.audit()
                .record(
                        peer,
                        env.transport(),
                        "console " + id,
                        "console",
                        source,
                        r.outcome().wireName(),
                        (System.nanoTime() - started) / 1_000_000);
        r.feedback().forEach(out::println);
        r.warnings().forEach(out::println);
        if (r.outcome() == Outcome.INTERRUPTED) {
            out.println("|  Interrupted.");
        } else if (!r.error().isEmpty()) {
            out.print(r.error());
            if (r.error().startsWith("java.lang.OutOfMemoryError")) {
                heldHeap();
            }
        }
        out.flush();
    }

    /**
     * A line a thread a snippet of this session started wrote after the snippet returned: above the
     * prompt, as jshell shows it, while the session lasts; then in the server's log.
     */
    private void lateLine(String line) {
        LineReader r = reader;
        if (clientGone || r == null) {
            LateOutput.log("console session " + id, line);
        } else {
            r.printAbove(line);
        }
    }

    /** This session's state, as {@code status} names it. */
    private String stateName() {
        return "console session " + id;
    }

    /** After a snippet ran out of memory: which variables hold the most, and how to let go. */
    private void heldHeap() {
        List<Engines.HeldVariable> held;
        try {
            held = env.memory().orSpend(() -> env.engines().largestVariables(3));
        } catch (OutOfMemoryError stillFull) {
            out.println("|  The heap is full: /drop NAME lets go of a variable of this session; /reset of all.");
            return;
        }
        if (held.isEmpty()) {
            return;
        }
        out.println("|  The heap is full. What holds the most of it:");
        for (Engines.HeldVariable h : held) {
            out.printf(
                    "|    %s %s  %s%s, %s%n",
                    h.variable().type(),
                    h.variable().name(),
                    h.variable().lowerBound() ? "at least " : "",
                    ByteSizes.of(h.variable().bytes()),
                    h.state().equals(stateName()) ? "this session" : h.state());
        }
        out.println("|  /drop NAME lets go of one of this session's; /reset of all of them.");
    }

    /** Ctrl+C, or the client gone, while a snippet runs. */
    private void interruptRunningSnippet(String why) {
        Interruption i = running;
        if (i != null) {
            i.interrupt(why);
        }
    }

    /**
     * The server ends under this session: the client hears why, after the screen so far, and the
     * connection closes, which ends the session as a client that left would.
     */
    public void serverEnds(Inband.Ending why) {
        ConsoleTerminal c = console;
        try {
            if (c != null) {
                c.serverEnds(why);
            }
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    private void onClientGone() {
        clientGone = true;
        interruptRunningSnippet("the client went away");
    }

    private void release(Inband.Ending ending) {
        boolean clientThere = !clientGone;
        clientGone = true;
        if (console != null) {
            console.finish(clientThere ? ending : null);
        }
        Engine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
        if (console != null) {
            console.close();
        } else {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
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
        env.audit().record(peer, env.transport(), "console " + id, kind, code, outcome, 0);
    }

    /** Who this session is, for the patch records. */
    String who() {
        return "console " + id + " (" + peer + ")";
    }

    void reset() {
        replaceEngine();
    }

    /** The loader snippets run in now. */
    ClassLoader loader() {
        return loader;
    }

    /** The loader the user switched to with {@code /loader}, or null while the session's first one holds. */
    ClassLoader chosenLoader() {
        return chosen ? loader : null;
    }

    /** Runs snippets in the loader {@code spec} names (a class it loaded, an id, a webapp), in a fresh state. */
    void switchLoader(String spec) throws LoaderNotFoundException {
        loader = HostLoaders.ofClass(spec);
        chosen = true;
        replaceEngine();
    }

    boolean isBinding(Snippet snippet) {
        return snippet instanceof VarSnippet v && boundNames.contains(v.name());
    }
}
