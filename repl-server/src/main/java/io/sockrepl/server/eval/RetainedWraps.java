package io.sockrepl.server.eval;

import static io.sockrepl.server.eval.JShellInternals.field;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import jdk.jshell.Snippet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops from an evaluated snippet's wrapped source what only its compilation needed.
 *
 * <p>JShell wraps each snippet in a class whose source begins with an import of every live
 * declaration, and keeps that source for as long as the snippet lives (for its stack traces).
 * After N declarations every later snippet keeps N imports: memory grows with the square of the
 * declarations. Once a snippet is evaluated its import lines are emptied, their line breaks kept,
 * so that its lines still map its class files' line numbers to the snippet. A snippet that must
 * compile again (a declaration it depends on changed) gets a fresh wrap from JShell.
 */
final class RetainedWraps {

    private static final Logger LOG = LoggerFactory.getLogger(RetainedWraps.class);
    private static final String PACKAGE_LINE = "package ";
    private static final String CLASS_LINE = "\nclass ";

    private final Field snippetOuter;
    private final Class<?> classWrap;
    private final Field outerWrap;
    private final Class<?> compoundWrap;
    private final Field parts;
    private final Field wrapped;

    private RetainedWraps(
            Field snippetOuter,
            Class<?> classWrap,
            Field outerWrap,
            Class<?> compoundWrap,
            Field parts,
            Field wrapped) {
        this.snippetOuter = snippetOuter;
        this.classWrap = classWrap;
        this.outerWrap = outerWrap;
        this.compoundWrap = compoundWrap;
        this.parts = parts;
        this.wrapped = wrapped;
    }

    /** Trimming of JShell's wraps, or null when its internals are closed to sockrepl. */
    static RetainedWraps ofThisJdk() {
        try {
            ClassLoader jshell = Snippet.class.getClassLoader();
            Class<?> outer = Class.forName("jdk.jshell.OuterWrap", false, jshell);
            Class<?> compound = Class.forName("jdk.jshell.Wrap$CompoundWrap", false, jshell);
            return new RetainedWraps(
                    field(Snippet.class, "outer"),
                    Class.forName("jdk.jshell.OuterSnippetsClassWrap", false, jshell),
                    field(outer, "w"),
                    compound,
                    field(compound, "os"),
                    field(compound, "wrapped"));
        } catch (ReflectiveOperationException | InaccessibleObjectException e) {
            LOG.debug("JShell's wraps are closed to sockrepl; each declaration keeps its imports: {}", e.toString());
            return null;
        }
    }

    /** Empties the import lines of the snippet's class wrap, if it has any left. */
    void trim(Snippet snippet) {
        try {
            Object outer = snippetOuter.get(snippet);
            if (!classWrap.isInstance(outer)) {
                return; // imports and snippets that never compiled have no class wrap
            }
            Object wrap = outerWrap.get(outer);
            if (!compoundWrap.isInstance(wrap)) {
                return;
            }
            Object[] elements = (Object[]) parts.get(wrap);
            if (elements.length == 0 || !(elements[0] instanceof String head)) {
                return;
            }
            String kept = withoutImports(head);
            String whole = (String) wrapped.get(wrap);
            if (kept.length() == head.length() || !whole.startsWith(head)) {
                return;
            }
            // the whole is the elements' concatenation, the head first
            elements[0] = kept;
            wrapped.set(wrap, kept + whole.substring(head.length()));
        } catch (IllegalAccessException e) {
            LOG.debug("could not trim the wrap of {}: {}", snippet.id(), e.toString());
        }
    }

    /**
     * The head (its package line, the imports, the line that opens the class) with the imports' text
     * gone and their line breaks kept; the head itself when it is not of that form.
     */
    static String withoutImports(String head) {
        int imports = head.indexOf('\n') + 1;
        int classLine = head.lastIndexOf(CLASS_LINE);
        if (!head.startsWith(PACKAGE_LINE) || imports == 0 || classLine < imports) {
            return head;
        }
        long breaks = head.substring(imports, classLine)
                .chars()
                .filter(c -> c == '\n')
                .count();
        return head.substring(0, imports) + "\n".repeat((int) breaks) + head.substring(classLine);
    }
}
