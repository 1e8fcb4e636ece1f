package io.sockrepl.server.redefine;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a new version of a class changes beyond method bodies, which is all the JVM can apply to a
 * loaded class: no new or removed fields or methods, no changed signatures, modifiers, superclass
 * or interfaces. Found before asking the JVM, so the refusal can say which change it was.
 */
final class ClassChanges {

    private ClassChanges() {}

    /** The changes the JVM would refuse; empty when only method bodies differ. */
    static List<String> unsupported(Class<?> old, Class<?> updated) {
        List<String> changes = new ArrayList<>();
        if (old.getSuperclass() != null && !name(old.getSuperclass()).equals(name(updated.getSuperclass()))) {
            changes.add("changes the superclass from " + name(old.getSuperclass()) + " to "
                    + name(updated.getSuperclass()));
        }
        Set<String> oldInterfaces = names(old.getInterfaces());
        Set<String> newInterfaces = names(updated.getInterfaces());
        if (!oldInterfaces.equals(newInterfaces)) {
            changes.add("changes the implemented interfaces from " + oldInterfaces + " to " + newInterfaces);
        }
        if (old.getModifiers() != updated.getModifiers()) {
            changes.add("changes the class modifiers from '" + Modifier.toString(old.getModifiers()) + "' to '"
                    + Modifier.toString(updated.getModifiers()) + "'");
        }
        compare(
                "field",
                byKey(old.getDeclaredFields(), ClassChanges::field),
                byKey(updated.getDeclaredFields(), ClassChanges::field),
                changes);
        compare(
                "method",
                byKey(old.getDeclaredMethods(), ClassChanges::method),
                byKey(updated.getDeclaredMethods(), ClassChanges::method),
                changes);
        compare(
                "constructor",
                byKey(old.getDeclaredConstructors(), ClassChanges::constructor),
                byKey(updated.getDeclaredConstructors(), ClassChanges::constructor),
                changes);
        return changes;
    }

    private static <T> Map<String, String> byKey(T[] members, Function<T, String[]> describe) {
        Map<String, String> m = new TreeMap<>();
        for (T member : members) {
            String[] d = describe.apply(member);
            m.put(d[0], d[1]);
        }
        return m;
    }

    /** Keys are signatures; values add the modifiers. */
    private static void compare(
            String kind, Map<String, String> old, Map<String, String> updated, List<String> changes) {
        Map<String, String> oldByName = new TreeMap<>();
        old.keySet().forEach(k -> oldByName.merge(simpleName(k), k, (a, b) -> a + ", " + b));
        for (String key : updated.keySet()) {
            if (!old.containsKey(key)) {
                String before = oldByName.get(simpleName(key));
                changes.add(
                        before != null && !updated.containsKey(before)
                                ? "changes the signature of " + kind + " " + before + " to " + key
                                : "adds " + kind + " " + key);
            } else if (!old.get(key).equals(updated.get(key))) {
                changes.add("changes the modifiers of " + kind + " " + key + " from '" + old.get(key) + "' to '"
                        + updated.get(key) + "'");
            }
        }
        Set<String> newNames =
                updated.keySet().stream().map(ClassChanges::simpleName).collect(Collectors.toSet());
        for (String key : old.keySet()) {
            if (!updated.containsKey(key) && !newNames.contains(simpleName(key))) {
                changes.add("removes " + kind + " " + key);
            }
        }
    }

    private static String simpleName(String key) {
        int paren = key.indexOf('(');
        String head = paren < 0 ? key : key.substring(0, paren);
        return head.substring(head.lastIndexOf(' ') + 1);
    }

    private static String[] field(Field f) {
        return new String[] {f.getType().getTypeName() + " " + f.getName(), Modifier.toString(f.getModifiers())};
    }

    private static String[] method(Method m) {
        return new String[] {
            m.getReturnType().getTypeName() + " " + m.getName() + params(m.getParameterTypes()),
            Modifier.toString(m.getModifiers())
        };
    }

    private static String[] constructor(Constructor<?> c) {
        return new String[] {
            c.getDeclaringClass().getSimpleName() + params(c.getParameterTypes()), Modifier.toString(c.getModifiers())
        };
    }

    private static String params(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getTypeName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String name(Class<?> c) {
        return c == null ? "none" : c.getName();
    }

    private static Set<String> names(Class<?>[] classes) {
        return Arrays.stream(classes).map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
