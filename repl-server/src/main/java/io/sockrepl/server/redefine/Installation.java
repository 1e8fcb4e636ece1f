package io.sockrepl.server.redefine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Redefines classes and tells which bytes the JVM really installed. Other agents' class-file
 * transformers run on every redefinition and may change the bytes sockrepl hands over (or hand
 * back older ones); a transformer of sockrepl's own, last in the chain, sees what they produced,
 * which is what runs afterwards. Nothing extra is asked of the JVM: no second redefinition, no
 * retransformation.
 */
final class Installation {

    /** The thread redefining classes for sockrepl now, if one is. */
    private static volatile Thread redefining;

    private Installation() {}

    /** Whether the calling thread is in a redefinition of sockrepl's own. */
    static boolean inProgress() {
        return redefining == Thread.currentThread();
    }

    /**
     * Redefines each class with its bytes.
     *
     * @return the bytes each class runs now, in the order given
     */
    static Map<Class<?>, byte[]> redefine(Instrumentation inst, Map<Class<?>, byte[]> classes)
            throws RedefinitionException {
        Map<Class<?>, byte[]> installed = new IdentityHashMap<>();
        ClassFileTransformer last = new ClassFileTransformer() {
            @Override
            public byte[] transform(
                    ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (redefined != null && classes.containsKey(redefined)) {
                    synchronized (installed) {
                        installed.put(redefined, bytes.clone());
                    }
                }
                return null;
            }
        };
        List<ClassDefinition> definitions = new ArrayList<>();
        classes.forEach((c, bytes) -> definitions.add(new ClassDefinition(c, bytes)));
        // retransformation-capable transformers run after the others, in the order they were added
        inst.addTransformer(last, true);
        redefining = Thread.currentThread();
        try {
            inst.redefineClasses(definitions.toArray(ClassDefinition[]::new));
        } catch (UnmodifiableClassException e) {
            throw refused("the JVM does not let this class be modified (" + e.getMessage() + ")");
        } catch (UnsupportedOperationException e) {
            throw refused("the JVM cannot apply this change: " + e.getMessage());
        } catch (LinkageError e) {
            throw refused("the new bytecode was rejected: " + e);
        } catch (ClassNotFoundException e) {
            throw refused("a class the new version needs is missing: " + e.getMessage());
        } finally {
            redefining = null;
            inst.removeTransformer(last);
        }
        Map<Class<?>, byte[]> out = new LinkedHashMap<>();
        synchronized (installed) {
            classes.forEach((c, bytes) -> out.put(c, installed.getOrDefault(c, bytes)));
        }
        return out;
    }

    /** The classes whose installed code is not the code of the bytes asked for. */
    static List<String> changedByOthers(Map<Class<?>, byte[]> asked, Map<Class<?>, byte[]> installed) {
        List<String> changed = new ArrayList<>();
        asked.forEach((c, bytes) -> {
            if (!code(bytes).equals(code(installed.get(c)))) {
                changed.add(c.getName());
            }
        });
        return changed;
    }

    /** The class as text without debug information: what runs, to tell a change from a recompile. */
    static String code(byte[] classFile) {
        StringWriter text = new StringWriter();
        new ClassReader(classFile)
                .accept(new TraceClassVisitor(new PrintWriter(text)), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return text.toString();
    }

    private static RedefinitionException refused(String why) {
        return new RedefinitionException(why + "; the old version keeps running.");
    }
}
