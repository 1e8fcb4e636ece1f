package io.sockrepl.server.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Guards exits without changing a loaded class, where {@code Runtime} is not final (as on JDK 17): the
 * JVM's one {@code Runtime} is replaced by an instance of a subclass defined in {@code java.lang},
 * whose {@code exit} and {@code halt} call the gate first. This matters because on those JDKs the
 * first class redefinition in a JVM that was attached late throws away all of its compiled code.
 * Compiled code that inlined {@code Runtime.getRuntime()} before the swap keeps the original, but
 * exits are not hot code; the original comes back when the last server stops.
 */
final class RuntimeSwap {

    private static final String NAME = "java.lang.SockreplRuntime";
    private static final String PATH = NAME.replace('.', '/');
    /** The subclass's static field that keeps the JVM's own Runtime for the way back. */
    private static final String HOST = "host";

    private RuntimeSwap() {}

    /** Whether this JDK lets Runtime be subclassed (recent ones made it final). */
    static boolean possible() {
        return !Modifier.isFinal(Runtime.class.getModifiers());
    }

    /**
     * Makes {@code Runtime.getRuntime()} the guarded one, unless it is already.
     *
     * @param gatePath the internal name of the gate the guarded methods call
     */
    static void guard(Instrumentation inst, String gatePath) throws IOException {
        Class<?> guarded = guardedClass(gatePath);
        Runtime current = Runtime.getRuntime();
        if (guarded.isInstance(current)) {
            return;
        }
        try {
            Unsafe unsafe = Unsafe.open(inst);
            Object replacement = unsafe.allocateInstance(guarded);
            guarded.getField(HOST).set(null, current);
            unsafe.setRuntime(replacement);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot put a guarded Runtime in place: " + e, e);
        }
    }

    /** Puts the JVM's own Runtime back, if a guarded one is in place. */
    static void unguard(Instrumentation inst) {
        Runtime current = Runtime.getRuntime();
        if (!current.getClass().getName().equals(NAME)) {
            return;
        }
        try {
            Runtime host = (Runtime) current.getClass().getField(HOST).get(null);
            Unsafe.open(inst).setRuntime(host);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the guarded Runtime stays: it only adds the gate's check, which lets every call through now
        }
    }

    private static Class<?> guardedClass(String gatePath) throws IOException {
        try {
            return Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            // first server in this JVM
        }
        try {
            return MethodHandles.privateLookupIn(Runtime.class, MethodHandles.lookup())
                    .defineClass(classFile(gatePath));
        } catch (IllegalAccessException | LinkageError e) {
            throw new IOException("cannot define a guarded Runtime in java.lang: " + e, e);
        }
    }

    /**
     * {@code final class SockreplRuntime extends Runtime} with {@code exit} and {@code halt} that
     * call the gate, then Runtime's own. It has no constructor (Runtime's is private): its one
     * instance is allocated without one, as Runtime's constructor does nothing.
     */
    private static byte[] classFile(String gatePath) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(
                Opcodes.V11,
                Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                PATH,
                null,
                "java/lang/Runtime",
                null);
        writer.visitField(
                        Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE,
                        HOST,
                        "Ljava/lang/Runtime;",
                        null,
                        null)
                .visitEnd();
        guardedMethod(writer, gatePath, "exit", "System.exit");
        guardedMethod(writer, gatePath, "halt", "Runtime.halt");
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void guardedMethod(ClassWriter writer, String gatePath, String method, String call) {
        MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC, method, "(I)V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitLdcInsn(call);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, gatePath, "check", "(ILjava/lang/String;)V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Runtime", method, "(I)V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * The JDK's internal Unsafe, which alone can write Runtime's static final field (sun.misc's
     * prints a warning on the host's stderr from JDK 24 on).
     */
    private static final class Unsafe {
        private final Class<?> type;
        private final Object unsafe;

        private Unsafe(Class<?> type, Object unsafe) {
            this.type = type;
            this.unsafe = unsafe;
        }

        static Unsafe open(Instrumentation inst) throws ReflectiveOperationException {
            Module base = Object.class.getModule();
            if (!base.isExported("jdk.internal.misc", RuntimeSwap.class.getModule())) {
                inst.redefineModule(
                        base,
                        Set.of(),
                        Map.of("jdk.internal.misc", Set.of(RuntimeSwap.class.getModule())),
                        Map.of(),
                        Set.of(),
                        Map.of());
            }
            Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
            return new Unsafe(type, type.getMethod("getUnsafe").invoke(null));
        }

        Object allocateInstance(Class<?> c) throws ReflectiveOperationException {
            return type.getMethod("allocateInstance", Class.class).invoke(unsafe, c);
        }

        void setRuntime(Object runtime) throws ReflectiveOperationException {
            Field field = Runtime.class.getDeclaredField("currentRuntime");
            Object holder = type.getMethod("staticFieldBase", Field.class).invoke(unsafe, field);
            long offset =
                    (long) type.getMethod("staticFieldOffset", Field.class).invoke(unsafe, field);
            Method put = type.getMethod("putReferenceVolatile", Object.class, long.class, Object.class);
            put.invoke(unsafe, holder, offset, runtime);
        }
    }
}
