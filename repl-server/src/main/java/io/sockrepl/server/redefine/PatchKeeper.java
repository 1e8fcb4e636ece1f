package io.sockrepl.server.redefine;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Keeps what sockrepl installed in a class when another agent retransforms it. A retransformation
 * starts from the bytes the JVM keeps for the class, and the JVM keeps the bytes from before the
 * first change a retransforming agent (a tracer's {@code watch}) made; later redefinitions, the
 * patches and reverts of sockrepl among them, do not replace them. So a tracer that attaches,
 * detaches or watches again would bring back the class as it was before the patch, or a patch
 * that was reverted.
 *
 * <p>This transformer, which can retransform and stays registered while the server runs, sees
 * such a retransformation of a class sockrepl changed and tells, for each method sockrepl
 * changed, which version the incoming method is built on: the longest known version whose
 * instructions appear in it in order (a tracer adds instructions around the ones it found).
 * Methods built on an older version get sockrepl's current one back; the rest of the class, the
 * other agent's additions included, stays as the chain made it. Another agent's redefinition is
 * its own new version: it is left alone, reported, and the class no longer kept.
 */
final class PatchKeeper implements ClassFileTransformer {

    /** Every version sockrepl has known of each class it changed, the installed one last. Guarded by this. */
    private final Map<Class<?>, List<byte[]>> versions = new WeakHashMap<>();
    /** The methods sockrepl changed in each class, worked out from {@link #versions} once per change. Guarded by this. */
    private final Map<Class<?>, Map<String, Changed>> changed = new WeakHashMap<>();

    private final BiConsumer<Class<?>, String> events;

    /**
     * A method sockrepl changed: the version it installed, and the instructions of that one and
     * of each older one. Writing {@code current} out resets its labels; the JVM runs one
     * redefinition of a class at a time, so the retransformations of a class never share it at once.
     */
    private record Changed(MethodNode current, List<String> code, List<List<String>> earlier) {}

    /** @param events told what happened to a kept class: kept through a retransformation, or redefined by another */
    PatchKeeper(BiConsumer<Class<?>, String> events) {
        this.events = events;
    }

    /** Records that sockrepl installed {@code installed} in {@code c}, which ran {@code before}. */
    synchronized void installed(Class<?> c, byte[] before, byte[] installed) {
        List<byte[]> known = versions.computeIfAbsent(c, k -> new ArrayList<>());
        if (known.isEmpty()) {
            known.add(before);
        }
        known.add(installed);
        changed.put(c, changedMethods(known));
    }

    @Override
    public byte[] transform(
            ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (redefined == null || Installation.inProgress()) {
            return null;
        }
        Map<String, Changed> methods;
        synchronized (this) {
            methods = changed.get(redefined);
            if (methods == null) {
                return null;
            }
            if (!retransformation()) {
                versions.remove(redefined);
                changed.remove(redefined);
                events.accept(redefined, "another agent redefined it: what runs is that agent's version");
                return null;
            }
        }
        try {
            return restored(redefined, bytes, methods);
        } catch (RuntimeException e) {
            // bytes this reader cannot take apart: the other agent's version stays
            events.accept(redefined, "another agent retransformed it into bytes sockrepl cannot read: " + e);
            return null;
        }
    }

    /** The methods whose instructions differ between the installed version and an older one. */
    private static Map<String, Changed> changedMethods(List<byte[]> known) {
        Map<String, MethodNode> current = methods(node(known.get(known.size() - 1)));
        List<Map<String, MethodNode>> older = new ArrayList<>();
        for (byte[] v : known.subList(0, known.size() - 1)) {
            older.add(methods(node(v)));
        }
        Map<String, Changed> out = new LinkedHashMap<>();
        current.forEach((key, mine) -> {
            List<String> code = instructions(mine);
            List<List<String>> earlier = new ArrayList<>();
            for (Map<String, MethodNode> o : older) {
                MethodNode then = o.get(key);
                if (then != null && !instructions(then).equals(code)) {
                    earlier.add(instructions(then));
                }
            }
            if (!earlier.isEmpty()) {
                out.put(key, new Changed(mine, code, List.copyOf(earlier)));
            }
        });
        return out;
    }

    /** The incoming class with sockrepl's methods back where they were built on older versions, or null. */
    private byte[] restored(Class<?> c, byte[] incoming, Map<String, Changed> changedHere) {
        ClassNode in = node(incoming);
        List<String> restored = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        for (int i = 0; i < in.methods.size(); i++) {
            MethodNode m = in.methods.get(i);
            Changed mine = changedHere.get(m.name + m.desc);
            if (mine == null) {
                continue; // a method sockrepl never changed
            }
            List<String> seen = instructions(m);
            int base = longestWithin(seen, mine.code(), mine.earlier());
            if (base == 1) {
                in.methods.set(i, mine.current());
                restored.add(m.name);
                if (!mine.earlier().contains(seen)) {
                    setAside.add(m.name);
                }
            } else if (base < 0) {
                unknown.add(m.name);
            }
        }
        if (!unknown.isEmpty()) {
            events.accept(
                    c,
                    "another agent retransformed " + String.join(", ", unknown)
                            + " into code built on no version sockrepl knows: it runs as that agent made it");
        }
        if (restored.isEmpty()) {
            return null;
        }
        events.accept(
                c,
                "another agent's retransformation started from older bytes: sockrepl's " + String.join(", ", restored)
                        + " put back"
                        + (setAside.isEmpty()
                                ? ""
                                : ", setting aside that agent's own change to " + String.join(", ", setAside)));
        ClassWriter w = new ClassWriter(0);
        in.accept(w);
        return w.toByteArray();
    }

    /**
     * Which version {@code seen} is built on: 0 for sockrepl's current one, 1 for an older one,
     * -1 for none. The longest whose instructions all appear in {@code seen} in order wins; a tie
     * goes to the current one.
     */
    private static int longestWithin(List<String> seen, List<String> current, List<List<String>> earlier) {
        int best = within(current, seen) ? 0 : -1;
        int length = best == 0 ? current.size() : -1;
        for (List<String> e : earlier) {
            if (e.size() > length && within(e, seen)) {
                best = 1;
                length = e.size();
            }
        }
        return best;
    }

    /** Whether every instruction of {@code part} appears in {@code whole}, in order. */
    private static boolean within(List<String> part, List<String> whole) {
        int at = 0;
        for (String insn : whole) {
            if (at < part.size() && part.get(at).equals(insn)) {
                at++;
            }
        }
        return at == part.size();
    }

    /** Whether the calling thread is in a retransformation (not a redefinition) of Java code. */
    private static boolean retransformation() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(f -> f.getClassName().equals("sun.instrument.InstrumentationImpl")
                        && f.getMethodName().startsWith("retransformClasses")));
    }

    private static ClassNode node(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        return node;
    }

    private static Map<String, MethodNode> methods(ClassNode node) {
        Map<String, MethodNode> out = new LinkedHashMap<>();
        for (MethodNode m : node.methods) {
            out.put(m.name + m.desc, m);
        }
        return out;
    }

    /** A method's instructions as text, without labels, line numbers or frames. */
    private static List<String> instructions(MethodNode m) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() >= 0) {
                out.add(insn.getOpcode() + " " + operands(insn));
            }
        }
        return out;
    }

    private static String operands(AbstractInsnNode insn) {
        if (insn instanceof FieldInsnNode f) {
            return f.owner + "." + f.name + f.desc;
        } else if (insn instanceof MethodInsnNode m) {
            return m.owner + "." + m.name + m.desc;
        } else if (insn instanceof InvokeDynamicInsnNode d) {
            return d.name + d.desc + d.bsm + java.util.Arrays.toString(d.bsmArgs);
        } else if (insn instanceof TypeInsnNode t) {
            return t.desc;
        } else if (insn instanceof VarInsnNode v) {
            return String.valueOf(v.var);
        } else if (insn instanceof IntInsnNode i) {
            return String.valueOf(i.operand);
        } else if (insn instanceof LdcInsnNode l) {
            return l.cst.getClass().getSimpleName() + ":" + l.cst;
        } else if (insn instanceof IincInsnNode i) {
            return i.var + "+" + i.incr;
        } else if (insn instanceof TableSwitchInsnNode t) {
            return t.min + ".." + t.max;
        } else if (insn instanceof LookupSwitchInsnNode l) {
            return String.valueOf(l.keys);
        } else if (insn instanceof MultiANewArrayInsnNode a) {
            return a.desc + "x" + a.dims;
        }
        return "";
    }
}
