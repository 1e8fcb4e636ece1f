package io.sockrepl.server.redefine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Executable;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The bytes a class that sockrepl never changed was defined from: its defining loader's own
 * {@code .class} resource, checked against the running class's methods.
 *
 * <p>Asking the JVM instead (a retransformation whose transformer returns nothing) is not free: on
 * JDK 17 the bytes it rebuilds lack the {@code MethodParameters} attribute, and the class is
 * re-parsed from them, so {@code Method.getParameters()} loses its names for good and a Spring MVC
 * handler that binds arguments by name fails. That is only done for a class with no resource (one
 * generated at run time) and no parameter names to lose.
 */
final class ClassBytes {

    private ClassBytes() {}

    /** The bytes {@code type} was defined from. */
    static byte[] original(Instrumentation inst, Class<?> type) throws RedefinitionException {
        byte[] resource = resource(loaderOf(type), type.getName());
        if (resource != null) {
            Set<String> running = methods(type);
            if (running != null && !methods(resource).equals(running)) {
                throw new RedefinitionException("the class file of " + type.getName() + " in its loader does not "
                        + "declare the methods the running class has (another agent changed it as it loaded?); "
                        + "sockrepl leaves it alone");
            }
            return resource;
        }
        if (hasParameterNames(type) || !inst.isRetransformClassesSupported() || !inst.isModifiableClass(type)) {
            throw new RedefinitionException("the bytes of " + type.getName() + " cannot be read: its loader has no "
                    + type.getName().replace('.', '/') + ".class, and asking the JVM would drop its parameter names");
        }
        return fromJvm(inst, type);
    }

    /** The class file {@code loader} has for {@code className}, or null. */
    static byte[] resource(ClassLoader loader, String className) throws RedefinitionException {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new RedefinitionException("cannot read " + resource + ": " + e.getMessage());
        }
    }

    static ClassLoader loaderOf(Class<?> c) {
        return c.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : c.getClassLoader();
    }

    private static byte[] fromJvm(Instrumentation inst, Class<?> type) throws RedefinitionException {
        AtomicReference<byte[]> seen = new AtomicReference<>();
        ClassFileTransformer reader = new ClassFileTransformer() {
            @Override
            public byte[] transform(
                    ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (redefined == type) {
                    seen.set(bytes.clone());
                }
                return null;
            }
        };
        inst.addTransformer(reader, true);
        try {
            inst.retransformClasses(type);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            throw new RedefinitionException("the JVM did not give the bytes of " + type.getName() + ": " + e);
        } finally {
            inst.removeTransformer(reader);
        }
        if (seen.get() == null) {
            throw new RedefinitionException("the JVM did not give the bytes of " + type.getName());
        }
        return seen.get();
    }

    /** Names and descriptors of the methods and constructors a class file declares. */
    private static Set<String> methods(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, ClassReader.SKIP_CODE);
        Set<String> out = new TreeSet<>();
        for (MethodNode m : node.methods) {
            if (!m.name.equals("<clinit>")) {
                out.add(m.name + m.desc);
            }
        }
        return out;
    }

    /** The same of a loaded class, or null where reflection cannot tell (a type it names is missing). */
    private static Set<String> methods(Class<?> type) {
        Set<String> out = new TreeSet<>();
        try {
            for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
                out.add(m.getName() + org.objectweb.asm.Type.getMethodDescriptor(m));
            }
            for (java.lang.reflect.Constructor<?> c : type.getDeclaredConstructors()) {
                out.add("<init>" + org.objectweb.asm.Type.getConstructorDescriptor(c));
            }
        } catch (LinkageError e) {
            return null;
        }
        return out;
    }

    /** Whether any method or constructor of the running class has parameter names. */
    private static boolean hasParameterNames(Class<?> c) {
        try {
            return Stream.concat(Stream.of(c.getDeclaredMethods()), Stream.of(c.getDeclaredConstructors()))
                    .filter(m -> m.getParameterCount() > 0)
                    .map(Executable::getParameters)
                    .anyMatch(p -> p[0].isNamePresent());
        } catch (LinkageError e) {
            return true;
        }
    }
}
