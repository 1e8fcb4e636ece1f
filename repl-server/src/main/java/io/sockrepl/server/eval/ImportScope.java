package io.sockrepl.server.eval;

import static io.sockrepl.server.eval.JShellInternals.field;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import jdk.jshell.JShell;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a statement with imports of only the declarations it names.
 *
 * <p>JShell begins every wrapper it compiles with an import of every live declaration, and javac
 * reads the class of each: with thousands of declarations that is most of a compilation. A
 * statement or an expression (never a declaration: others may depend on it, and JShell recompiles
 * them inside the same evaluation) can only use the declarations it names, and the types of any.
 * JShell builds the imports by iterating its list of snippets by key, and nothing else iterates
 * that list; this list, put in its place, leaves out variables and methods the evaluating thread's
 * statement does not name, and the class files JShell lists to javac leave out their classes. The engine compiles a statement that fails so once more with every
 * import (it never ran).
 */
final class ImportScope {

    private static final Logger LOG = LoggerFactory.getLogger(ImportScope.class);

    private final NamedOnly snippets;

    private ImportScope(NamedOnly snippets) {
        this.snippets = snippets;
    }

    /** Puts the scoped collections in JShell's place; null when its internals are closed to sockrepl. */
    @SuppressWarnings("unchecked")
    static ImportScope install(JShell jshell) {
        try {
            Object snippetMaps = field(JShell.class, "maps").get(jshell);
            Field byKeyIndex = field(snippetMaps.getClass(), "keyIndexToSnippet");
            Object taskFactory = field(JShell.class, "taskFactory").get(jshell);
            Object fileManager = field(taskFactory.getClass(), "fileManager").get(taskFactory);
            Field classObjects = field(fileManager.getClass(), "classObjects");
            NamedOnly scoped = new NamedOnly((List<Snippet>) byKeyIndex.get(snippetMaps));
            NamedClassFiles files = new NamedClassFiles((Map<String, Object>) classObjects.get(fileManager), scoped);
            byKeyIndex.set(snippetMaps, scoped);
            classObjects.set(fileManager, files);
            return new ImportScope(scoped);
        } catch (ReflectiveOperationException | InaccessibleObjectException | ClassCastException e) {
            LOG.debug("JShell's snippet list is closed to sockrepl; every statement imports every declaration: {}", e);
            return null;
        }
    }

    /** The names a unit may use, when it is a statement that can do with their imports alone; else null. */
    static Set<String> namesUsedBy(String unit) {
        return StatementShape.isStatementLike(unit) ? StatementShape.names(unit) : null;
    }

    /** Runs JShell's work with imports of only these names' variables and methods. */
    <T> T narrowedTo(Set<String> names, Supplier<T> work) {
        snippets.names.set(names);
        try {
            return work.get();
        } finally {
            snippets.names.remove();
        }
    }

    /** JShell's snippets by key index, whose iteration on a scoped thread skips unnamed declarations. */
    private static final class NamedOnly extends ArrayList<Snippet> {
        final transient ThreadLocal<Set<String>> names = new ThreadLocal<>();

        NamedOnly(Collection<Snippet> snippets) {
            super(snippets);
        }

        @Override
        public Iterator<Snippet> iterator() {
            Set<String> named = names.get();
            if (named == null) {
                return super.iterator();
            }
            return stream().filter(s -> s == null || imported(s, named)).iterator();
        }

        /** Whether a statement on this thread may need the class of the snippet with this key index. */
        boolean needs(int keyIndex, Set<String> named) {
            Snippet s = keyIndex < size() ? get(keyIndex) : null;
            return s == null || imported(s, named);
        }

        private static boolean imported(Snippet s, Set<String> named) {
            return switch (s.kind()) {
                case VAR, METHOD -> named.contains(((PersistentSnippet) s).name());
                default -> true; // imports, types (any statement's value may be of one), the rest
            };
        }
    }

    /**
     * JShell's compiled classes by name, which it lists to javac as the package {@code REPL} (all
     * of them, in every compilation): on a scoped thread, only the classes of what it imports.
     */
    private static final class NamedClassFiles extends TreeMap<String, Object> {
        private static final String WRAPPER = "REPL.$JShell$";
        private final transient NamedOnly snippets;

        NamedClassFiles(Map<String, Object> classFiles, NamedOnly snippets) {
            super(classFiles);
            this.snippets = snippets;
        }

        @Override
        public Collection<Object> values() {
            Set<String> named = snippets.names.get();
            if (named == null) {
                return super.values();
            }
            List<Object> needed = new ArrayList<>();
            for (Map.Entry<String, Object> e : entrySet()) {
                if (needed(e.getKey(), named)) {
                    needed.add(e.getValue());
                }
            }
            return needed;
        }

        /** A wrapper's name is its snippets' key indexes (overloads share one), each with letters. */
        private boolean needed(String className, Set<String> named) {
            if (!className.startsWith(WRAPPER)) {
                return true;
            }
            int at = WRAPPER.length();
            while (true) {
                int index = 0;
                int digits = 0;
                while (at < className.length() && Character.isDigit(className.charAt(at)) && digits < 9) {
                    index = 10 * index + className.charAt(at++) - '0';
                    digits++;
                }
                if (digits == 0 || snippets.needs(index, named)) {
                    return true;
                }
                while (at < className.length() && Character.isLetter(className.charAt(at))) {
                    at++;
                }
                if (at >= className.length() || className.charAt(at) != '_') {
                    return false;
                }
                at++;
            }
        }
    }
}
