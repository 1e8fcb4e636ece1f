package io.sockrepl.server.eval;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import jdk.jshell.JShell;
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
 * statement does not name. The engine compiles a statement that fails so once more with every
 * import (it never ran).
 */
final class ImportScope {

    private static final Logger LOG = LoggerFactory.getLogger(ImportScope.class);

    private final NamedOnly snippets;

    private ImportScope(NamedOnly snippets) {
        this.snippets = snippets;
    }

    /** Puts the scoped list in JShell's place; null when its internals are closed to sockrepl. */
    @SuppressWarnings("unchecked")
    static ImportScope install(JShell jshell) {
        try {
            Field maps = JShell.class.getDeclaredField("maps");
            maps.setAccessible(true);
            Object snippetMaps = maps.get(jshell);
            Field byKeyIndex = snippetMaps.getClass().getDeclaredField("keyIndexToSnippet");
            byKeyIndex.setAccessible(true);
            NamedOnly scoped = new NamedOnly((List<Snippet>) byKeyIndex.get(snippetMaps));
            byKeyIndex.set(snippetMaps, scoped);
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

        private static boolean imported(Snippet s, Set<String> named) {
            return switch (s.kind()) {
                case VAR, METHOD -> named.contains(((jdk.jshell.PersistentSnippet) s).name());
                default -> true; // imports, types (any statement's value may be of one), the rest
            };
        }
    }
}
