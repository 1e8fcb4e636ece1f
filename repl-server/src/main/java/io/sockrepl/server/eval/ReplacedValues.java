package io.sockrepl.server.eval;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * Lets go of the values of variables no snippet can reach any more. JShell keeps a variable's
 * value in a static field of the class it wrapped the declaration in, and a declaration that
 * replaces it (or a drop) leaves that class loaded: {@code byte[] big = new byte[100 << 20];} then
 * {@code byte[] big = new byte[1];} kept the 100 MiB, unreachable by name, and the value of an
 * expression, whose temporary variable the batch engine drops at once, stayed as well. A
 * replacement that JShell wraps in the same class (same name, type and code) overwrites the field
 * itself, so a class is cleared only when no live variable of that name is held in it.
 */
final class ReplacedValues {

    private final JShell jshell;
    private final HostLoaderDelegate classes;

    ReplacedValues(JShell jshell, HostLoaderDelegate classes) {
        this.jshell = jshell;
        this.classes = classes;
    }

    /** Clears the fields of the variables that {@code events} overwrote or dropped. */
    void release(List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.snippet() instanceof VarSnippet variable
                    && (event.status() == Snippet.Status.OVERWRITTEN || event.status() == Snippet.Status.DROPPED)) {
                String holder = holderOf(jshell, variable);
                boolean stillHolds = jshell.variables()
                        .filter(live -> live.name().equals(variable.name()))
                        .anyMatch(live -> holder.equals(holderOf(jshell, live)));
                if (!stillHolds) {
                    clear(classes.loadedClass(holder), variable.name());
                }
            }
        }
    }

    /** The class whose static field holds the variable's value. */
    static String holderOf(JShell jshell, VarSnippet variable) {
        return jshell.sourceCodeAnalysis().wrapper(variable).fullClassName();
    }

    private static void clear(Class<?> holder, String name) {
        if (holder == null) {
            return;
        }
        try {
            Field field = holder.getDeclaredField(name);
            if (Modifier.isStatic(field.getModifiers())
                    && !Modifier.isFinal(field.getModifiers())
                    && !field.getType().isPrimitive()) {
                field.setAccessible(true);
                field.set(null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notThere) {
            // nothing of it was loaded or kept
        }
    }
}
