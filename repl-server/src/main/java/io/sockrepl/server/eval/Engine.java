package io.sockrepl.server.eval;

import io.sockrepl.core.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import jdk.jshell.spi.SPIResolutionException;

/**
 * One JShell evaluation state running in this JVM (the local engine), with {@code get(...)}
 * declared. Not thread-safe: one thread evaluates; any thread may stop it through the evaluation's
 * {@link Interruption}.
 *
 * <p>Evaluating a request: its source is split into units ({@link SnippetSplitter}), each unit is
 * evaluated in order, and the first failure ends the request, rendered against the request's own
 * lines ({@link ErrorRenderer}). Declarations and values from earlier units and requests persist.
 */
public final class Engine implements AutoCloseable {

    /** What jshell's default start-up imports, so that snippets feel the same. */
    private static final List<String> PRELUDE = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "void get(Object value) { " + Snippets.class.getName() + ".get(value); }",
            "<T> List<T> instances(Class<T> type) { return " + Heap.class.getName() + ".instances(type, -1); }",
            "<T> List<T> instances(Class<T> type, int limit) { return " + Heap.class.getName()
                    + ".instances(type, limit); }");

    private final JShell jshell;
    private final ReplacedValues replaced;
    private final HostLoaderDelegate delegate;
    private final List<Binding> bindings;
    private final RecordingExecutionControl execution;
    private final DirectRerun direct;
    private final SnippetSplitter splitter;
    private final ErrorRenderer renderer;
    private static final AtomicLong ENGINES = new AtomicLong();

    /** JShell's name for the method a statement's wrapper class runs it in. */
    private static final String RUN_METHOD = "do_it$";

    private static final String WRAPPER_PREFIX = "REPL.$JShell$";
    /** JShell's engine takes a ThreadDeath for its own stop and keeps nothing of it to render. */
    private static final String OWN_THREAD_DEATH =
            "java.lang.ThreadDeath\n\t(thrown by the snippet itself: nothing asked it to stop)\n";

    private final UnitOrigins origins = new UnitOrigins();
    private final List<String> unitClasses = new ArrayList<>();
    private final CompiledRequests compiled = new CompiledRequests();
    private final StateCompaction compaction;
    private final ImportScope scope;
    private final List<String> bindingKeys = new ArrayList<>();
    private final Set<String> preludeIds;
    private volatile UnitOrigin evaluating;
    private boolean dropTemporaries;
    private int requestNumber;

    private Engine(ClassLoader host, String classPath, List<Binding> bindings, List<String> helpers) {
        this.delegate = new HostLoaderDelegate(host, bindings, this::classLoaded);
        this.bindings = List.copyOf(bindings);
        this.execution = new RecordingExecutionControl(delegate);
        this.direct = new DirectRerun(delegate);
        this.jshell = JShell.builder()
                .executionEngine(
                        new ExecutionControlProvider() {
                            @Override
                            public String name() {
                                return "sockrepl-local";
                            }

                            @Override
                            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                                return execution;
                            }
                        },
                        Map.of())
                .build();
        if (!classPath.isEmpty()) {
            jshell.addToClasspath(classPath);
        }
        this.scope = ImportScope.install(jshell);
        this.compaction = StateCompaction.of(jshell);
        this.splitter = new SnippetSplitter(jshell.sourceCodeAnalysis());
        this.replaced = new ReplacedValues(jshell, delegate);
        this.renderer = new ErrorRenderer(jshell.sourceCodeAnalysis(), origins::get);
        long id = ENGINES.incrementAndGet();
        List<String> prelude = new ArrayList<>(PRELUDE);
        for (Binding b : bindings) {
            String key = id + ":" + b.name();
            BindingRegistry.register(key, b.value());
            bindingKeys.add(key);
            prelude.add(b.declaration(key));
        }
        prelude.addAll(helpers);
        for (String line : prelude) {
            EvalResult r = eval(line, new Capture(0), new Interruption());
            if (r.outcome() != Outcome.OK) {
                close();
                throw new IllegalStateException("cannot prepare the JShell state: " + r.error());
            }
        }
        preludeIds = jshell.snippets().map(Snippet::id).collect(Collectors.toUnmodifiableSet());
        requestNumber = 0;
    }

    /**
     * Whether {@code l} is the loader of some state's snippets: the context loader of a thread
     * while it evaluates, and of every thread a snippet starts.
     */
    public static boolean isSnippetLoader(ClassLoader l) {
        return HostLoaderDelegate.isSnippetLoader(l);
    }

    /**
     * Creates a state whose snippets see the classes of {@code host}.
     *
     * @param classPath what the compiler sees, in the platform's class path syntax
     */
    public static Engine create(ClassLoader host, String classPath) {
        return new Engine(host, classPath, List.of(), List.of());
    }

    /** Creates a state in which each binding is a variable of its declared type. */
    public static Engine create(ClassLoader host, String classPath, List<Binding> bindings) {
        return new Engine(host, classPath, bindings, List.of());
    }

    /**
     * Creates a state with bindings and helper declarations (methods that use them, such as
     * {@code bean(Class)} over a bound Spring context).
     */
    public static Engine create(ClassLoader host, String classPath, List<Binding> bindings, List<String> helpers) {
        return new Engine(host, classPath, bindings, helpers);
    }

    /** The application class loader this state's snippets run in. */
    public ClassLoader hostLoader() {
        return delegate.hostLoader();
    }

    /** The live objects this state declares as variables. */
    public List<Binding> bindings() {
        return bindings;
    }

    /** The snippets the user entered, without the ones this engine declared itself. */
    public java.util.stream.Stream<Snippet> userSnippets() {
        return jshell.snippets().filter(this::isUserSnippet);
    }

    /** Whether the user entered this snippet (rather than this engine, for imports, get and bindings). */
    public boolean isUserSnippet(Snippet snippet) {
        return !preludeIds.contains(snippet.id());
    }

    /**
     * For batch requests, whose replies carry what {@code get(...)} was given and nothing of the
     * {@code $1}, {@code $2} that JShell declares to hold an expression's value
     * ({@code list.add(x);}): each such variable is dropped once evaluated, so that the state
     * does not grow a declaration with every request and such a request can run again without
     * compiling. Consoles, which show and use these variables, keep them.
     */
    public void dropTemporaryVariables() {
        dropTemporaries = true;
    }

    /**
     * This state's variables by the memory their values reach, largest first: what to drop when
     * the heap is full. Reads fields only; see {@link VariableSizes}.
     *
     * @param shallowSize one object's bytes (Instrumentation's), or null to estimate them
     */
    public List<VariableSize> variableSizes(java.util.function.ToLongFunction<Object> shallowSize) {
        return new VariableSizes(shallowSize).of(jshell, delegate, this::isUserSnippet);
    }

    /** The underlying JShell, for consoles (completion, documentation, listing). */
    public JShell jshell() {
        return jshell;
    }

    /**
     * Evaluates a request's source on the calling thread.
     *
     * @param capture      receives the output and {@code get(...)} values of the snippet and of the
     *                     threads it starts; closed when the evaluation ends
     * @param interruption how other threads stop this evaluation; checked between units too
     */
    public EvalResult eval(String source, Capture capture, Interruption interruption) {
        OutputRouter.install();
        // libraries that look classes up through the context loader (Spring, JNDI, ServiceLoader)
        // must find the application's classes and the snippet's own
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(delegate.snippetLoader());
        capture.bind();
        interruption.started(this);
        try {
            return evalUnits(source, interruption::requested);
        } catch (RuntimeException | Error e) {
            // thrown out of JShell or out of this engine's bookkeeping (an OutOfMemoryError while
            // the heap is full): the state may have changed halfway, so nothing compiled before
            // can be trusted to run against it
            compiled.forget();
            throw e;
        } finally {
            interruption.ended();
            capture.close();
            Capture.unbind();
            thread.setContextClassLoader(context);
        }
    }

    private EvalResult evalUnits(String source, BooleanSupplier interrupted) {
        CompiledRequests.Compiled known = compiled.lookup(source);
        if (known != null) {
            return rerun(known, interrupted);
        }
        int request = ++requestNumber;
        origins.requestBegins(request, compiled::requestNumbers, this::isLiveDeclaration);
        List<String> feedback = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> wrappers = new ArrayList<>();
        for (SourceUnit unit : splitter.split(source)) {
            if (interrupted.getAsBoolean()) {
                return new EvalResult(Outcome.INTERRUPTED, "", feedback, warnings);
            }
            UnitOrigin origin = new UnitOrigin(request, source, unit);
            unitClasses.clear();
            evaluating = origin;
            List<SnippetEvent> events;
            try {
                events = evalUnit(unit.text());
            } finally {
                evaluating = null;
            }
            boolean stopped = execution.takeStopped();
            replaced.release(events);
            EvalResult failure = examine(origin, events, feedback, warnings, request);
            String wrapper = settle(events);
            if (wrapper == null) {
                wrappers = null;
            } else if (wrappers != null) {
                wrappers.add(wrapper);
            }
            if (interrupted.getAsBoolean()) {
                return new EvalResult(Outcome.INTERRUPTED, "", feedback, warnings);
            }
            if (failure != null) {
                return failure;
            }
            if (stopped) {
                compiled.forget();
                return new EvalResult(Outcome.EXCEPTION, OWN_THREAD_DEATH, feedback, warnings);
            }
        }
        if (wrappers != null && (feedback.isEmpty() || dropTemporaries) && warnings.isEmpty()) {
            compiled.remember(source, new CompiledRequests.Compiled(request, List.copyOf(wrappers)));
        }
        return new EvalResult(Outcome.OK, "", feedback, warnings);
    }

    /** Has JShell evaluate a unit: a statement with the imports it names only, where that compiles. */
    private List<SnippetEvent> evalUnit(String text) {
        Set<String> names = scope == null ? null : ImportScope.namesUsedBy(text);
        if (names == null) {
            return jshell.eval(text);
        }
        List<SnippetEvent> narrowed = scope.narrowedTo(names, () -> jshell.eval(text));
        if (narrowed.stream().noneMatch(e -> e.status() == Snippet.Status.REJECTED)) {
            return narrowed;
        }
        narrowed.forEach(e -> compaction.statementDone(e.snippet(), List.of()));
        return jshell.eval(text);
    }

    /**
     * Compacts the state after a unit and tells whether the unit can run again without compiling.
     *
     * @return the class a statement that ran without an exception was wrapped in, else null
     */
    private String settle(List<SnippetEvent> events) {
        compaction.unitEvaluated(events);
        SnippetEvent only = events.size() == 1 ? events.get(0) : null;
        if (only == null
                || only.causeSnippet() != null
                || only.snippet().kind().isPersistent() && !droppedTemporary(only)) {
            compiled.forget();
            return null;
        }
        // JShell names a statement's wrapper class after its id; a unit may load other classes too
        // (JDK 25 loads its REPL.$Cancel$ with the first statement)
        String wrapper = WRAPPER_PREFIX + only.snippet().id();
        List<String> own = unitClasses.stream()
                .filter(c -> c.equals(wrapper) || c.startsWith(wrapper + "$"))
                .toList();
        compaction.statementDone(only.snippet(), own);
        if (only.status() != Snippet.Status.VALID || only.exception() != null || !own.contains(wrapper)) {
            return null;
        }
        return wrapper;
    }

    /**
     * Drops the user's active declarations of that name (every overload of a method), or the
     * snippet of that id, and lets go of their variables' values at once.
     *
     * @return what was dropped, as the user would name it ("variable keep"); empty when nothing
     */
    public List<String> drop(String nameOrId) {
        List<Snippet> matching = userSnippets()
                .filter(s -> jshell.status(s).isActive())
                .filter(s -> s.id().equals(nameOrId)
                        || (s instanceof jdk.jshell.PersistentSnippet p
                                && p.name().equals(nameOrId)))
                .toList();
        List<String> dropped = new ArrayList<>();
        for (Snippet s : matching) {
            replaced.release(jshell.drop(s));
            dropped.add(Feedback.nameOf(s));
        }
        if (!dropped.isEmpty()) {
            compiled.forget();
        }
        return dropped;
    }

    /** Drops the variable JShell declared for an expression's value, when this engine does that. */
    private boolean droppedTemporary(SnippetEvent event) {
        if (!dropTemporaries
                || event.status() != Snippet.Status.VALID
                || event.snippet().subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return false;
        }
        replaced.release(jshell.drop(event.snippet()));
        return true;
    }

    /**
     * Runs a request's statements again from their loaded classes, with no compiler involved: on
     * the calling thread where {@link DirectRerun} can stop them there, else through JShell's engine.
     */
    private EvalResult rerun(CompiledRequests.Compiled known, BooleanSupplier interrupted) {
        List<String> none = List.of();
        boolean onThisThread = direct.available();
        for (String wrapper : known.wrappers()) {
            if (interrupted.getAsBoolean()) {
                return new EvalResult(Outcome.INTERRUPTED, "", none, none);
            }
            try {
                Throwable thrown = onThisThread ? direct.run(wrapper, RUN_METHOD) : invokeThroughJShell(wrapper);
                if (thrown != null) {
                    if (thrown instanceof SPIResolutionException) {
                        compiled.forget();
                    }
                    return new EvalResult(
                            Outcome.EXCEPTION, renderer.exception(thrown, known.requestNumber()), none, none);
                }
            } catch (ExecutionControl.StoppedException e) {
                return interrupted.getAsBoolean()
                        ? new EvalResult(Outcome.INTERRUPTED, "", none, none)
                        : new EvalResult(Outcome.EXCEPTION, OWN_THREAD_DEATH, none, none);
            } catch (ExecutionControl.ExecutionControlException e) {
                if (!(e instanceof ExecutionControl.UserException)) {
                    compiled.forget();
                }
                return new EvalResult(Outcome.EXCEPTION, runtimeError(e, known.requestNumber()), none, none);
            } catch (ReflectiveOperationException e) {
                compiled.forget();
                return new EvalResult(
                        Outcome.EXCEPTION, "internal error: cannot run " + wrapper + " again: " + e + "\n", none, none);
            }
        }
        return new EvalResult(interrupted.getAsBoolean() ? Outcome.INTERRUPTED : Outcome.OK, "", none, none);
    }

    private Throwable invokeThroughJShell(String wrapper) throws ExecutionControl.ExecutionControlException {
        execution.invoke(wrapper, RUN_METHOD);
        return null;
    }

    /** Looks at a unit's events; returns the failure that ends the request, or null. */
    private EvalResult examine(
            UnitOrigin origin, List<SnippetEvent> events, List<String> feedback, List<String> warnings, int request) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            origin.snippet(snippet);
            switch (event.status()) {
                case REJECTED -> {
                    return new EvalResult(Outcome.COMPILE_ERROR, compileErrors(origin, snippet), feedback, warnings);
                }
                case RECOVERABLE_NOT_DEFINED -> {
                    return new EvalResult(
                            Outcome.COMPILE_ERROR,
                            unresolved(origin, (DeclarationSnippet) snippet),
                            feedback,
                            warnings);
                }
                case RECOVERABLE_DEFINED ->
                    warnings.add(Feedback.declared(snippet, event)
                            + ", however, it cannot be used until "
                            + String.join(
                                    ", ",
                                    jshell.unresolvedDependencies((DeclarationSnippet) snippet)
                                            .collect(Collectors.toList()))
                            + " is declared");
                default -> {
                    if (event.exception() != null) {
                        return new EvalResult(
                                Outcome.EXCEPTION, runtimeError(event.exception(), request), feedback, warnings);
                    }
                    Feedback.describe(snippet, event).ifPresent(feedback::add);
                }
            }
        }
        return null;
    }

    private String compileErrors(UnitOrigin origin, Snippet snippet) {
        List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (errors.isEmpty()) {
            return "snippet:" + origin.requestLine(0) + ": error: rejected by the compiler\n";
        }
        return errors.stream().map(d -> renderer.compileError(origin, d)).collect(Collectors.joining());
    }

    private String unresolved(UnitOrigin origin, DeclarationSnippet snippet) {
        List<String> deps = jshell.unresolvedDependencies(snippet).collect(Collectors.toList());
        if (deps.isEmpty()) {
            return compileErrors(origin, snippet);
        }
        return deps.stream()
                .map(d -> renderer.unresolved(
                        origin, d, d.substring(d.lastIndexOf(' ') + 1).replaceAll("\\(.*", "")))
                .collect(Collectors.joining());
    }

    private String runtimeError(Exception reported, int request) {
        Throwable original = execution.takeLastFailure();
        if (reported instanceof UnresolvedReferenceException ure) {
            DeclarationSnippet s = ure.getSnippet();
            return "error: " + Feedback.nameOf(s) + " cannot be used until "
                    + String.join(", ", jshell.unresolvedDependencies(s).collect(Collectors.toList()))
                    + " is declared\n";
        }
        if (original != null) {
            return renderer.exception(original, request);
        }
        if (reported instanceof EvalException ee) {
            return ee.getExceptionClassName() + ": " + ErrorRenderer.cleanNames(String.valueOf(ee.getMessage())) + "\n";
        }
        return reported.toString() + "\n";
    }

    /** Whether a snippet is a declaration the state still has (not one declared again, or dropped). */
    private boolean isLiveDeclaration(Snippet snippet) {
        try {
            return snippet.kind().isPersistent() && jshell.status(snippet).isActive();
        } catch (RuntimeException notInThisState) {
            return false;
        }
    }

    /** Notes the unit that defined each snippet class, to trace stack frames back to it. */
    private void classLoaded(String className) {
        UnitOrigin origin = evaluating;
        if (origin != null) {
            origins.put(className, origin);
            unitClasses.add(className);
        }
    }

    /** Stops the snippet running now, if any; callable from any thread, through {@link Interruption}. */
    void stop() {
        direct.stop();
        jshell.stop();
    }

    /** Releases the state; snippet classes become unreachable with it. */
    @Override
    public void close() {
        origins.clear();
        bindingKeys.forEach(BindingRegistry::remove);
        jshell.close();
    }
}
