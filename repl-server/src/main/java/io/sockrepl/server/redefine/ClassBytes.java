package io.sockrepl.server.redefine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes a loaded class runs with now, which after a redefinition (by sockrepl or any other
 * agent) are not the ones in its jar. The JVM hands them to a retransforming transformer; this one
 * only reads them and changes nothing.
 */
final class ClassBytes {

    private ClassBytes() {}

    /** The running bytes of {@code type} and of every loaded member of its nest, by class name. */
    static Map<String, byte[]> ofNest(Instrumentation inst, Class<?> type) throws RedefinitionException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Class<?> member : type.getNestHost().getNestMembers()) {
            out.put(member.getName(), of(inst, member));
        }
        return out;
    }

    /** The running bytes of one class. */
    static byte[] of(Instrumentation inst, Class<?> type) throws RedefinitionException {
        if (!inst.isRetransformClassesSupported() || !inst.isModifiableClass(type)) {
            return fromResource(type);
        }
        Map<Class<?>, byte[]> seen = new ConcurrentHashMap<>();
        ClassFileTransformer reader = new ClassFileTransformer() {
            @Override
            public byte[] transform(
                    ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (redefined == type) {
                    seen.put(type, bytes.clone());
                }
                return null;
            }
        };
        inst.addTransformer(reader, true);
        try {
            inst.retransformClasses(type);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            return fromResource(type);
        } finally {
            inst.removeTransformer(reader);
        }
        byte[] bytes = seen.get(type);
        return bytes != null ? bytes : fromResource(type);
    }

    /** The bytes in the class's jar or directory: what it runs unless an agent changed it. */
    private static byte[] fromResource(Class<?> type) throws RedefinitionException {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new RedefinitionException("the bytes of " + type.getName() + " cannot be read (no " + resource
                        + " and no retransformation)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new RedefinitionException("cannot read " + resource + ": " + e.getMessage());
        }
    }
}
