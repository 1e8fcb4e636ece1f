package io.sockrepl.server.redefine;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What a new version of a class changes beyond method bodies, which is all the JVM can apply to a
 * loaded class: no new or removed fields, methods or nested classes, no changed signatures,
 * modifiers, superclass or interfaces. Read from both class files, before asking the JVM, so the
 * refusal can say which change it was, and so nothing is loaded to find out.
 */
final class ClassChanges {

    /** Flags of a class or member that the JVM compares; ACC_SUPER is javac's, never a change. */
    private static final int COMPARED = ~(Opcodes.ACC_SUPER | Opcodes.ACC_DEPRECATED);

    private ClassChanges() {}

    /**
     * The changes the JVM would refuse; empty when only method bodies differ. Lambda bodies are
     * left to {@link SyntheticNames}, which says what changed about them in a user's words.
     */
    static List<String> unsupported(byte[] old, byte[] updated) {
        ClassNode before = shape(old);
        ClassNode after = shape(updated);
        List<String> changes = new ArrayList<>();
        if (before.superName != null && !before.superName.equals(after.superName)) {
            changes.add("changes the superclass from " + javaName(before.superName) + " to "
                    + (after.superName == null ? "none" : javaName(after.superName)));
        }
        Set<String> oldInterfaces = javaNames(before.interfaces);
        Set<String> newInterfaces = javaNames(after.interfaces);
        if (!oldInterfaces.equals(newInterfaces)) {
            changes.add("changes the implemented interfaces from " + oldInterfaces + " to " + newInterfaces);
        }
        if ((before.access & COMPARED) != (after.access & COMPARED)) {
            changes.add("changes the class modifiers from '" + Modifier.toString(classModifiers(before.access))
                    + "' to '" + Modifier.toString(classModifiers(after.access)) + "'");
        }
        Set<String> oldNest = javaNames(before.nestMembers);
        Set<String> newNest = javaNames(after.nestMembers);
        newNest.stream().filter(n -> !oldNest.contains(n)).forEach(n -> changes.add("adds the nested class " + n));
        oldNest.stream().filter(n -> !newNest.contains(n)).forEach(n -> changes.add("removes the nested class " + n));
        compare("field", fields(before), fields(after), changes);
        compare("method", methods(before), methods(after), changes);
        return changes;
    }

    private static ClassNode shape(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
        return node;
    }

    /** Keys are declarations; values the modifiers. */
    private static Map<String, String> fields(ClassNode c) {
        Map<String, String> m = new TreeMap<>();
        for (FieldNode f : c.fields) {
            m.put(Type.getType(f.desc).getClassName() + " " + f.name, Modifier.toString(f.access & COMPARED));
        }
        return m;
    }

    private static Map<String, String> methods(ClassNode c) {
        Map<String, String> m = new TreeMap<>();
        for (MethodNode method : c.methods) {
            if (method.name.equals("<clinit>") || SyntheticNames.isLambda(method.name)) {
                continue;
            }
            String params = Arrays.stream(Type.getArgumentTypes(method.desc))
                    .map(Type::getClassName)
                    .collect(Collectors.joining(", ", "(", ")"));
            String key = method.name.equals("<init>")
                    ? simpleName(c.name) + params
                    : Type.getReturnType(method.desc).getClassName() + " " + method.name + params;
            m.put(key, Modifier.toString(method.access & COMPARED & Modifier.methodModifiers()));
        }
        return m;
    }

    private static void compare(
            String kind, Map<String, String> old, Map<String, String> updated, List<String> changes) {
        Map<String, String> oldByName = new TreeMap<>();
        old.keySet().forEach(k -> oldByName.merge(memberName(k), k, (a, b) -> a + ", " + b));
        for (String key : updated.keySet()) {
            if (!old.containsKey(key)) {
                String before = oldByName.get(memberName(key));
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
                updated.keySet().stream().map(ClassChanges::memberName).collect(Collectors.toSet());
        for (String key : old.keySet()) {
            if (!updated.containsKey(key) && !newNames.contains(memberName(key))) {
                changes.add("removes " + kind + " " + key);
            }
        }
    }

    private static String memberName(String key) {
        int paren = key.indexOf('(');
        String head = paren < 0 ? key : key.substring(0, paren);
        return head.substring(head.lastIndexOf(' ') + 1);
    }

    private static int classModifiers(int access) {
        return access & COMPARED & (Modifier.classModifiers() | Modifier.INTERFACE);
    }

    private static String simpleName(String internalName) {
        String name = internalName.substring(internalName.lastIndexOf('/') + 1);
        return name.substring(name.lastIndexOf('$') + 1);
    }

    static String javaName(String internalName) {
        return internalName.replace('/', '.');
    }

    private static Set<String> javaNames(List<String> internalNames) {
        return internalNames == null
                ? new TreeSet<>()
                : internalNames.stream().map(ClassChanges::javaName).collect(Collectors.toCollection(TreeSet::new));
    }
}
