package io.sockrepl.server.eval;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import jdk.jshell.JShell;
import jdk.jshell.VarSnippet;

/**
 * How much memory each variable of a state holds: the objects its value reaches, for when the heap
 * is full and the user must choose what to drop. Runs none of the values' own code (no
 * {@code toString}, no iterator of an application's collection, which may be a lazy one that
 * loads from a database): it reads fields, and walks only the JDK's own collections through their
 * API. Objects two variables share count for the first. Bounded, so that it can run in the little
 * heap a full one leaves: past {@link #MAX_OBJECTS} objects of one variable (or
 * {@link #MAX_TOTAL} in all) a size is a lower bound. The state's bindings (the host's objects,
 * the console's terminal) are not the user's to drop, and are left out.
 */
final class VariableSizes {

    static final int MAX_OBJECTS = 50_000;
    static final int MAX_TOTAL = 500_000;

    private final ToLongFunction<Object> shallowSize;
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final Map<Class<?>, Field[]> fields = new HashMap<>();
    private final Map<Class<?>, Long> estimates = new HashMap<>();

    /** @param shallowSize the bytes of one object alone (Instrumentation's), or null to estimate them */
    VariableSizes(ToLongFunction<Object> shallowSize) {
        this.shallowSize = shallowSize != null ? shallowSize : this::estimate;
    }

    /** The user's variables of {@code jshell} whose holders {@code classes} loaded, largest first. */
    List<VariableSize> of(JShell jshell, HostLoaderDelegate classes, java.util.function.Predicate<VarSnippet> user) {
        List<VariableSize> sizes = new ArrayList<>();
        for (VarSnippet variable : jshell.variables().filter(user).toList()) {
            Class<?> holder = classes.loadedClass(ReplacedValues.holderOf(jshell, variable));
            Object value = holder == null ? null : valueOf(holder, variable.name());
            if (value != null) {
                long bytes = reach(value);
                sizes.add(new VariableSize(variable.name(), variable.typeName(), bytes, seen.size() >= MAX_OBJECTS));
            }
        }
        sizes.sort(Comparator.comparingLong(VariableSize::bytes).reversed());
        return sizes;
    }

    private static Object valueOf(Class<?> holder, String name) {
        try {
            Field f = holder.getDeclaredField(name);
            if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                return null;
            }
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notThere) {
            return null;
        }
    }

    private long reach(Object root) {
        long bytes = 0;
        int limit = Math.min(MAX_TOTAL, seen.size() + MAX_OBJECTS);
        ArrayDeque<Object> next = new ArrayDeque<>();
        next.push(root);
        while (!next.isEmpty() && seen.size() < limit) {
            Object o = next.pop();
            if (seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            bytes += shallowSize.applyAsLong(o);
            if (o instanceof String s) {
                bytes += 16 + s.length();
            }
            try {
                references(o, next);
            } catch (RuntimeException changedMeanwhile) {
                // a collection another thread changes as it is walked: what was seen counts
            }
        }
        return bytes;
    }

    private void references(Object o, ArrayDeque<Object> next) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            if (!c.getComponentType().isPrimitive()) {
                for (Object e : (Object[]) o) {
                    push(e, next);
                }
            }
        } else if (isJdk(c)) {
            if (o instanceof Collection<?> elements) {
                for (Object e : elements) {
                    push(e, next);
                }
            } else if (o instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    push(e.getKey(), next);
                    push(e.getValue(), next);
                }
            }
        } else {
            for (Field f : fields.computeIfAbsent(c, VariableSizes::referenceFields)) {
                try {
                    push(f.get(o), next);
                } catch (IllegalAccessException notOpen) {
                    // left out: a lower bound
                }
            }
        }
    }

    private static void push(Object o, ArrayDeque<Object> next) {
        if (o != null && next.size() < MAX_OBJECTS) {
            next.push(o);
        }
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    /** The instance fields of {@code c} and its superclasses that hold objects and can be read. */
    private static Field[] referenceFields(Class<?> c) {
        List<Field> found = new ArrayList<>();
        for (Class<?> k = c; k != null && !isJdk(k); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive() && f.trySetAccessible()) {
                    found.add(f);
                }
            }
        }
        return found.toArray(Field[]::new);
    }

    /**
     * An object's bytes where no Instrumentation can say: a header and its elements, or a header
     * and 8 bytes a field.
     */
    private long estimate(Object o) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            Class<?> e = c.getComponentType();
            int each = e == long.class || e == double.class
                    ? 8
                    : e == byte.class || e == boolean.class ? 1 : e == short.class || e == char.class ? 2 : 4;
            return 16 + (long) java.lang.reflect.Array.getLength(o) * each;
        }
        return estimates.computeIfAbsent(c, VariableSizes::instanceEstimate);
    }

    private static long instanceEstimate(Class<?> c) {
        long bytes = 12;
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    bytes += 8;
                }
            }
        }
        return bytes;
    }
}
