package io.sockrepl.server.eval;

import java.lang.reflect.Field;

/**
 * Reaches JShell's package-private state, for the few places that keep a long-lived state cheap
 * ({@link StateCompaction}, {@link RetainedWraps}, {@link ImportScope}). Each of them falls back to
 * JShell as it is when this fails: the package is not open to sockrepl, or a JDK renamed a field.
 */
final class JShellInternals {

    private JShellInternals() {}

    /** The declared field, made accessible. */
    static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
