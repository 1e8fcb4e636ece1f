package io.sockrepl.server.eval;

import static io.sockrepl.server.eval.JShellInternals.field;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a JShell state that has run thousands of statements as quick to compile in as a new one.
 *
 * <p>JShell (17 through 25) makes each evaluation cost more than the one before, for three
 * reasons, all in its internals: its in-memory file manager keeps the class file of every
 * snippet ever compiled and lists all of them to javac in every compilation, which enters each as
 * a class symbol; javac's reused contexts keep an entry for every snippet class name ever purged
 * from them, and JShell walks them all after every task; and it copies the list of every snippet
 * ever entered several times per compilation. A statement's classes are never referred to again
 * by later source (only declarations are), so once a statement has run this drops its class
 * files from the file manager, renews javac's contexts every {@value #UNITS_PER_COMPILER} units,
 * and keeps only the last {@value #STATEMENTS_KEPT} statements in the snippet list (what
 * {@code /list} shows), letting JShell forget the others, and the declarations a name declared
 * again replaced; JShell's record of the bytes of every class it loaded forgets theirs too. Declarations are left alone, they are the state; of every evaluated
 * snippet only the imports JShell keeps in its wrapped source go ({@link RetainedWraps}).
 *
 * <p>It needs the {@code jdk.jshell} package open to sockrepl, which the server arranges where it
 * has Instrumentation (injected, {@code -javaagent}, {@code serve}). Without it, or should a JDK
 * rename these internals, nothing is compacted and evaluation is as JShell makes it.
 */
final class StateCompaction {

    private static final Logger LOG = LoggerFactory.getLogger(StateCompaction.class);
    static final int STATEMENTS_KEPT = 100;
    static final int UNITS_PER_COMPILER = 500;

    private final Map<String, ?> classFiles;
    /** JShell's record of every class it loaded, with its bytes, to tell a reload from a new class. */
    private final Map<String, ?> trackedClasses;

    private final Set<Snippet> snippetList;
    private final Object taskFactory;
    private final Method renewCompilers;
    private final Forgetting forgetting;
    private final RetainedWraps wraps;
    private final Deque<Kept> keptStatements = new ArrayDeque<>();
    private int unitsSinceRenewal;

    /** A statement in the snippet list, with the classes it was compiled to. */
    private record Kept(Snippet statement, Collection<String> classNames) {}

    /** Where else JShell keeps every snippet: by key index, and the wrap of each class name. */
    private record Forgetting(
            List<Snippet> byKeyIndex, Map<String, ?> wrapsByClass, Field key, Field keyIndex, Method className) {}

    private StateCompaction(
            Map<String, ?> classFiles,
            Map<String, ?> trackedClasses,
            Set<Snippet> snippetList,
            Object taskFactory,
            Method renewCompilers,
            Forgetting forgetting,
            RetainedWraps wraps) {
        this.classFiles = classFiles;
        this.trackedClasses = trackedClasses;
        this.snippetList = snippetList;
        this.taskFactory = taskFactory;
        this.renewCompilers = renewCompilers;
        this.forgetting = forgetting;
        this.wraps = wraps;
    }

    /** Compaction for this state, or one that does nothing when JShell's internals are closed to us. */
    @SuppressWarnings("unchecked")
    static StateCompaction of(JShell jshell) {
        try {
            Object taskFactory = field(JShell.class, "taskFactory").get(jshell);
            Object fileManager = field(taskFactory.getClass(), "fileManager").get(taskFactory);
            Map<String, ?> classFiles = (Map<String, ?>)
                    field(fileManager.getClass(), "classObjects").get(fileManager);
            Object tracker = field(JShell.class, "classTracker").get(jshell);
            Map<String, ?> tracked =
                    (Map<String, ?>) field(tracker.getClass(), "map").get(tracker);
            Object maps = field(JShell.class, "maps").get(jshell);
            Set<Snippet> snippets =
                    (Set<Snippet>) field(maps.getClass(), "snippets").get(maps);
            Method renew = taskFactory.getClass().getDeclaredMethod("initTaskPool");
            renew.setAccessible(true);
            Object outerMap = field(JShell.class, "outerMap").get(jshell);
            Field key = field(Snippet.class, "key");
            Method className = Snippet.class.getDeclaredMethod("classFullName");
            className.setAccessible(true);
            Forgetting forgetting = new Forgetting(
                    (List<Snippet>) field(maps.getClass(), "keyIndexToSnippet").get(maps),
                    (Map<String, ?>) field(outerMap.getClass(), "classOuters").get(outerMap),
                    key,
                    field(key.getType(), "index"),
                    className);
            return new StateCompaction(
                    classFiles, tracked, snippets, taskFactory, renew, forgetting, RetainedWraps.ofThisJdk());
        } catch (ReflectiveOperationException | InaccessibleObjectException | ClassCastException e) {
            LOG.debug(
                    "JShell's internals are closed to sockrepl; each snippet will cost a little more than the last: {}",
                    e.toString());
            return new StateCompaction(null, null, null, null, null, null, null);
        }
    }

    /** Whether this state is compacted at all. */
    boolean active() {
        return classFiles != null;
    }

    /** After any unit was evaluated, with what its evaluation reported. */
    void unitEvaluated(List<SnippetEvent> events) {
        if (!active()) {
            return;
        }
        synchronized (taskFactory) {
            if (wraps != null) {
                events.forEach(e -> wraps.trim(e.snippet()));
            }
            forgetOverwritten(events);
        }
        if (++unitsSinceRenewal < UNITS_PER_COMPILER) {
            return;
        }
        unitsSinceRenewal = 0;
        try {
            synchronized (taskFactory) {
                renewCompilers.invoke(taskFactory);
            }
        } catch (ReflectiveOperationException e) {
            LOG.debug("could not renew JShell's compiler contexts: {}", e.toString());
        }
    }

    /**
     * After a statement ran (or failed to compile): its class files are not needed to compile
     * anything later, and it leaves the snippet list once {@value #STATEMENTS_KEPT} newer ones
     * are kept.
     */
    void statementDone(Snippet statement, Collection<String> classNames) {
        if (!active()) {
            return;
        }
        // JShell reads both inside its compiler tasks, which hold this monitor (completion may
        // compile on another thread)
        synchronized (taskFactory) {
            classFiles.keySet().removeAll(classNames);
            // JShell looks a class up there only to load it again, which a statement's never is
            trackedClasses.keySet().removeAll(classNames);
            keptStatements.addLast(new Kept(statement, classNames));
            if (keptStatements.size() > STATEMENTS_KEPT) {
                forget(keptStatements.removeFirst());
            }
        }
    }

    /**
     * Lets JShell forget the declarations a unit replaced (a name declared again): nothing compiles
     * against them again, and every later compilation would be listed their classes.
     */
    private void forgetOverwritten(List<SnippetEvent> events) {
        List<Snippet> overwritten = events.stream()
                .filter(e -> e.status() == Snippet.Status.OVERWRITTEN)
                .map(SnippetEvent::snippet)
                .toList();
        if (overwritten.isEmpty()) {
            return;
        }
        snippetList.removeAll(overwritten);
        // a declaration declared again just as it was keeps its class, and overloads share one
        Set<String> live = new HashSet<>();
        for (Snippet s : snippetList) {
            if (s.kind().isPersistent()) {
                live.add(classNameOf(s));
            }
        }
        for (Snippet old : overwritten) {
            String name = classNameOf(old);
            if (name != null && !live.contains(name)) {
                Predicate<String> itsClasses = c -> c.equals(name) || c.startsWith(name + "$");
                classFiles.keySet().removeIf(itsClasses);
                trackedClasses.keySet().removeIf(itsClasses);
                forgetWrap(name);
            }
        }
    }

    private String classNameOf(Snippet snippet) {
        try {
            return (String) forgetting.className().invoke(snippet);
        } catch (ReflectiveOperationException | RuntimeException noClass) {
            return null; // never compiled (rejected): no class of its own
        }
    }

    /** JShell keeps wraps by the class's name without its package ({@code REPL.}). */
    private void forgetWrap(String className) {
        forgetting.wrapsByClass().remove(className.substring(className.indexOf('.') + 1));
    }

    /** Lets JShell drop a statement that left the snippet list: nothing looks it up again. */
    private void forget(Kept kept) {
        snippetList.remove(kept.statement());
        kept.classNames().forEach(this::forgetWrap);
        try {
            int index = forgetting.keyIndex().getInt(forgetting.key().get(kept.statement()));
            List<Snippet> byKeyIndex = forgetting.byKeyIndex();
            if (index < byKeyIndex.size() && byKeyIndex.get(index) == kept.statement()) {
                byKeyIndex.set(index, null);
            }
        } catch (IllegalAccessException e) {
            LOG.debug("could not forget statement {}: {}", kept.statement().id(), e.toString());
        }
    }
}
