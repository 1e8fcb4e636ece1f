package io.sockrepl.server.redefine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Gives a freshly compiled nest the names the running nest uses for what javac names by position:
 * anonymous and local classes ({@code Outer$1}), switch-map classes, and lambda bodies
 * ({@code lambda$find$0}: numbered across the class on JDK 17, per method on 21+). The same source
 * compiled again, or decompiled and compiled, can number them otherwise; matched by what they are
 * (the method that holds them, their place in it, their descriptor), the unchanged source is a
 * no-op and an edited method body changes just that method.
 */
final class SyntheticNames {

    private static final Pattern POSITIONAL = Pattern.compile("(.*)\\$(\\d+)(\\w*)");
    private static final String LAMBDA_FACTORY = "java/lang/invoke/LambdaMetafactory";

    /**
     * @param classes  the compiled nest with the running names, by Java class name
     * @param refusals what the new version adds or removes that has no running counterpart
     */
    record Aligned(Map<String, byte[]> classes, List<String> refusals) {}

    private SyntheticNames() {}

    static boolean isLambda(String methodName) {
        return methodName.startsWith("lambda$");
    }

    /** {@code compiled} renamed to match {@code running}; both by Java class name. */
    static Aligned align(Map<String, byte[]> running, Map<String, byte[]> compiled) {
        Map<String, ClassNode> old = parse(running);
        Map<String, String> classRenames = classRenames(old, parse(compiled));
        Map<String, byte[]> renamed = new LinkedHashMap<>();
        SimpleRemapper byClass = new SimpleRemapper(classRenames);
        for (byte[] bytes : compiled.values()) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(new ClassRemapper(node, byClass), 0);
            renamed.put(ClassChanges.javaName(node.name), write(node));
        }
        List<String> refusals = new ArrayList<>();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : renamed.entrySet()) {
            ClassNode before = old.get(internal(e.getKey()));
            out.put(e.getKey(), before == null ? e.getValue() : renameLambdas(before, e.getValue(), refusals));
        }
        return new Aligned(out, refusals);
    }

    /** New internal name to running internal name, for positional classes that have a counterpart. */
    private static Map<String, String> classRenames(Map<String, ClassNode> old, Map<String, ClassNode> updated) {
        Map<String, String> oldByKey = new HashMap<>();
        positionalKeys(old, Map.of()).forEach((name, key) -> oldByKey.put(key, name));
        Map<String, String> renames = new HashMap<>();
        for (Map.Entry<String, String> e : positionalKeys(updated, renames).entrySet()) {
            String target = oldByKey.get(e.getValue());
            if (target != null && !target.equals(e.getKey())) {
                renames.put(e.getKey(), target);
            }
        }
        return renames;
    }

    /**
     * What each positional class is: where it is declared (translated through {@code renames} for
     * an enclosing class that is itself renamed), its own name if local, and its order among its
     * kind there. Enclosing classes come first, so their renames are known when their members'
     * keys are made.
     */
    private static Map<String, String> positionalKeys(Map<String, ClassNode> nest, Map<String, String> renames) {
        Map<String, List<ClassNode>> byPlace = new LinkedHashMap<>();
        List<ClassNode> ordered = nest.values().stream()
                .filter(c -> POSITIONAL.matcher(c.name).matches())
                .sorted(Comparator.comparingInt((ClassNode c) -> depth(c.name)).thenComparingInt(c -> number(c.name)))
                .toList();
        Map<String, String> keys = new LinkedHashMap<>();
        for (ClassNode c : ordered) {
            Matcher m = POSITIONAL.matcher(c.name);
            m.matches();
            String enclosing = renames.getOrDefault(m.group(1), m.group(1));
            String place = enclosing + "|" + (c.outerMethod == null ? "" : method(c.outerMethod, c.outerMethodDesc))
                    + "|" + ((c.access & Opcodes.ACC_SYNTHETIC) != 0 ? "synthetic" : "") + "|" + m.group(3);
            List<ClassNode> siblings = byPlace.computeIfAbsent(place, p -> new ArrayList<>());
            keys.put(c.name, place + "#" + siblings.size());
            siblings.add(c);
        }
        return keys;
    }

    private static String method(String name, String desc) {
        return (isLambda(name) ? "lambda" : name) + desc;
    }

    private static int depth(String internalName) {
        return internalName.length() - internalName.replace("$", "").length();
    }

    private static int number(String internalName) {
        Matcher m = POSITIONAL.matcher(internalName);
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    /** {@code updated} (one class) with its lambda bodies named as in {@code before}. */
    private static byte[] renameLambdas(ClassNode before, byte[] updated, List<String> refusals) {
        ClassNode after = new ClassNode();
        new ClassReader(updated).accept(after, 0);
        Map<String, String> oldKeys = lambdaKeys(before);
        Map<String, String> oldByKey = new HashMap<>();
        oldKeys.forEach((method, key) -> oldByKey.put(key, method));
        Map<String, String> newKeys = lambdaKeys(after);
        Map<String, String> renames = new HashMap<>();
        for (Map.Entry<String, String> e : newKeys.entrySet()) {
            String target = oldByKey.remove(e.getValue());
            if (target == null) {
                refusals.add("adds a lambda to " + readable(e.getValue(), after));
            } else if (!target.equals(e.getKey())) {
                String name = e.getKey().substring(0, e.getKey().indexOf('('));
                String desc = e.getKey().substring(name.length());
                renames.put(after.name + "." + name + desc, target.substring(0, target.indexOf('(')));
            }
        }
        oldByKey.values().forEach(m -> refusals.add("removes a lambda from " + readable(oldKeys.get(m), before)));
        if (renames.isEmpty()) {
            return updated;
        }
        ClassNode out = new ClassNode();
        after.accept(new ClassRemapper(out, new SimpleRemapper(renames)));
        return write(out);
    }

    /**
     * Lambda body (name and descriptor) to what it is: the chain of methods that hold it, down from
     * a method that is not a lambda, with its place among the lambdas of each.
     */
    private static Map<String, String> lambdaKeys(ClassNode c) {
        Map<String, String[]> heldBy = new HashMap<>();
        for (MethodNode m : c.methods) {
            int place = 0;
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy
                        && indy.bsm.getOwner().equals(LAMBDA_FACTORY)
                        && indy.bsmArgs.length > 1
                        && indy.bsmArgs[1] instanceof Handle body
                        && body.getOwner().equals(c.name)
                        && isLambda(body.getName())) {
                    heldBy.putIfAbsent(body.getName() + body.getDesc(), new String[] {m.name + m.desc, "" + place++});
                }
            }
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (MethodNode m : c.methods) {
            if (isLambda(m.name)) {
                keys.put(m.name + m.desc, key(m.name + m.desc, heldBy, 0));
            }
        }
        return keys;
    }

    private static String key(String method, Map<String, String[]> heldBy, int depth) {
        String[] holder = heldBy.get(method);
        if (holder == null || depth > 64) {
            return method;
        }
        String desc = method.substring(method.indexOf('('));
        return key(holder[0], heldBy, depth + 1) + "/" + holder[1] + desc;
    }

    /** {@code showOwner(int)} for the method at the root of a lambda's key. */
    private static String readable(String key, ClassNode c) {
        String root = key.split("/", 2)[0];
        int paren = root.indexOf('(');
        String name = root.substring(0, paren);
        String params = java.util.Arrays.stream(Type.getArgumentTypes(root.substring(paren)))
                .map(Type::getClassName)
                .collect(Collectors.joining(", ", "(", ")"));
        String where =
                name.equals("<init>") ? "a constructor" : name.equals("<clinit>") ? "the static initializer" : name;
        return ClassChanges.javaName(c.name) + "." + where + (name.startsWith("<") ? "" : params);
    }

    private static Map<String, ClassNode> parse(Map<String, byte[]> classes) {
        Map<String, ClassNode> out = new LinkedHashMap<>();
        for (byte[] bytes : classes.values()) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, 0);
            out.put(node.name, node);
        }
        return out;
    }

    private static byte[] write(ClassNode node) {
        ClassWriter w = new ClassWriter(0);
        node.accept(w);
        return w.toByteArray();
    }

    private static String internal(String javaName) {
        return javaName.replace('.', '/');
    }
}
