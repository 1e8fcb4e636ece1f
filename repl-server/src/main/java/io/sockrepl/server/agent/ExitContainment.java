package io.sockrepl.server.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * Makes {@code Runtime.exit} and {@code Runtime.halt} (and so {@code System.exit}) ask a gate first,
 * on every JDK, with no security manager. The gate ({@link io.sockrepl.boot.ExitGate}, renamed) is
 * defined in {@code java.lang} itself, through a private lookup on {@code Runtime} once
 * {@code java.lang} is opened to sockrepl, and {@code Runtime}'s exit and halt are made to call it
 * (see {@link #guard}); the gate then refuses the calls of threads that run for a snippet, and lets the host's own threads end
 * the JVM as before. (Appending the gate to the bootstrap class path instead makes HotSpot print a
 * class-sharing warning on the host's stdout.)
 */
public final class ExitContainment {

    private static final String GATE = "java.lang.SockreplExitGate";
    private static final String GATE_PATH = GATE.replace('.', '/');
    private static final String GATE_SOURCE = "io/sockrepl/boot/ExitGate";

    private ExitContainment() {}

    /**
     * Puts the gate in place and adds {@code refusal} to it (several servers in one JVM each add
     * theirs; a call is refused if any refuses it).
     *
     * @return what takes {@code refusal} and this server's transformer off again, for a server that
     *     stops in a JVM that goes on (an injected one), so that nothing of it stays reachable from
     *     {@code java.lang} or the JVM's transformers, and its class loader can go
     * @throws IOException when this JVM does not let {@code Runtime} be changed
     */
    public static synchronized Runnable install(Instrumentation inst, Function<String, String> refusal)
            throws IOException {
        Class<?> gate = gate(inst);
        Field field;
        Function<String, String> before;
        try {
            field = gate.getField("refusal");
            @SuppressWarnings("unchecked")
            Function<String, String> previous = (Function<String, String>) field.get(null);
            before = previous;
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot read the exit gate: " + e, e);
        }
        // a gate armed by another running server means Runtime calls it now, under that server's guard
        Runnable unguard = guard(inst, before == null, () -> disarmed(field));
        Function<String, String> armed = before == null
                ? refusal
                : call -> {
                    String why = before.apply(call);
                    return why != null ? why : refusal.apply(call);
                };
        try {
            field.set(null, armed);
        } catch (ReflectiveOperationException e) {
            unguard.run();
            throw new IOException("cannot arm the exit gate: " + e, e);
        }
        return () -> {
            synchronized (ExitContainment.class) {
                try {
                    if (field.get(null) == armed) {
                        field.set(null, before);
                    }
                    unguard.run();
                } catch (IllegalAccessException e) {
                    // public static field: does not happen
                }
            }
        };
    }

    /**
     * Makes Runtime's exit and halt call the gate: by a guarded Runtime where this JDK allows one,
     * which changes no loaded class, else by rewriting Runtime (on the JDKs where Runtime is final,
     * a redefinition discards only the compiled code that depends on the class it changes).
     *
     * @param disarmed whether no server arms the gate any more, once this one has disarmed it
     * @return what undoes this server's part of it
     */
    private static Runnable guard(Instrumentation inst, boolean first, BooleanSupplier disarmed) throws IOException {
        if (RuntimeSwap.possible()) {
            RuntimeSwap.guard(inst, GATE_PATH);
            return () -> {
                if (disarmed.getAsBoolean()) {
                    RuntimeSwap.unguard(inst);
                }
            };
        }
        RuntimeGuard guard = guardRuntime(inst, first);
        return () -> inst.removeTransformer(guard);
    }

    private static boolean disarmed(Field gateRefusal) {
        try {
            return gateRefusal.get(null) == null;
        } catch (IllegalAccessException e) {
            return false; // public static field: does not happen
        }
    }

    /** The gate in java.lang, defined there by the first server of this JVM. */
    private static Class<?> gate(Instrumentation inst) throws IOException {
        try {
            return Class.forName(GATE, true, null);
        } catch (ClassNotFoundException notYet) {
            // first server in this JVM: put the gate in place
        }
        inst.redefineModule(
                Object.class.getModule(),
                Set.of(),
                Map.of(),
                Map.of("java.lang", Set.of(ExitContainment.class.getModule())),
                Set.of(),
                Map.of());
        try {
            return MethodHandles.privateLookupIn(Runtime.class, MethodHandles.lookup())
                    .defineClass(gateBytes());
        } catch (IllegalAccessException | LinkageError e) {
            throw new IOException("cannot define the exit gate in java.lang: " + e, e);
        }
    }

    /**
     * Makes Runtime call the gate, and keeps it so for as long as this server runs: the transformer
     * stays registered, so a retransformation of Runtime by anyone keeps the call.
     *
     * @param retransform whether Runtime must be retransformed now: when no other server guards
     *     it, since one that stopped took its transformer with it and someone may have
     *     retransformed Runtime since
     */
    private static RuntimeGuard guardRuntime(Instrumentation inst, boolean retransform) throws IOException {
        RuntimeGuard guard = new RuntimeGuard();
        inst.addTransformer(guard, true);
        if (!retransform) {
            return guard;
        }
        try {
            inst.retransformClasses(Runtime.class);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            inst.removeTransformer(guard);
            throw new IOException("this JVM does not let Runtime be changed: " + e, e);
        }
        if (guard.failure != null) {
            // the JVM swallows what a transformer throws and keeps the class as it was
            inst.removeTransformer(guard);
            throw new IOException("cannot rewrite Runtime on this JDK: " + guard.failure, guard.failure);
        }
        return guard;
    }

    /** The gate's class file, renamed into java.lang. */
    private static byte[] gateBytes() throws IOException {
        try (InputStream in = ExitContainment.class.getResourceAsStream("/" + GATE_SOURCE + ".class")) {
            if (in == null) {
                throw new IOException("sockrepl's jar has no " + GATE_SOURCE + ".class");
            }
            ClassReader reader = new ClassReader(in.readAllBytes());
            ClassWriter writer = new ClassWriter(0);
            reader.accept(new ClassRemapper(writer, new SimpleRemapper(GATE_SOURCE, GATE_PATH)), 0);
            return writer.toByteArray();
        }
    }

    /** Whether a class file names the gate: the constant pool holds its name only where Runtime calls it. */
    private static boolean callsGate(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int at = reader.getItem(i);
            if (at > 0 && classFile[at - 1] == 7 && GATE_PATH.equals(reader.readUTF8(at, buffer))) {
                return true;
            }
        }
        return false;
    }

    /** Puts {@code ExitGate.check(status, "System.exit")} at the start of exit and halt. */
    private static final class RuntimeGuard implements ClassFileTransformer {
        volatile RuntimeException failure;

        @Override
        public byte[] transform(
                Module module,
                ClassLoader loader,
                String name,
                Class<?> redefined,
                ProtectionDomain domain,
                byte[] bytes) {
            if (!"java/lang/Runtime".equals(name)) {
                return null;
            }
            try {
                return guarded(bytes);
            } catch (RuntimeException e) {
                failure = e;
                return null;
            }
        }

        private static byte[] guarded(byte[] bytes) {
            if (callsGate(bytes)) {
                // another server's transformer, earlier in the chain, has put the call in
                return null;
            }
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(
                    new ClassVisitor(Opcodes.ASM9, writer) {
                        @Override
                        public MethodVisitor visitMethod(
                                int access, String method, String descriptor, String signature, String[] exceptions) {
                            MethodVisitor mv = super.visitMethod(access, method, descriptor, signature, exceptions);
                            boolean exit = "exit".equals(method) && "(I)V".equals(descriptor);
                            boolean halt = "halt".equals(method) && "(I)V".equals(descriptor);
                            if (!exit && !halt) {
                                return mv;
                            }
                            return new MethodVisitor(Opcodes.ASM9, mv) {
                                @Override
                                public void visitCode() {
                                    super.visitCode();
                                    super.visitVarInsn(Opcodes.ILOAD, 1);
                                    super.visitLdcInsn(exit ? "System.exit" : "Runtime.halt");
                                    super.visitMethodInsn(
                                            Opcodes.INVOKESTATIC, GATE_PATH, "check", "(ILjava/lang/String;)V", false);
                                }

                                @Override
                                public void visitMaxs(int maxStack, int maxLocals) {
                                    super.visitMaxs(Math.max(maxStack, 2), maxLocals);
                                }
                            };
                        }
                    },
                    0);
            return writer.toByteArray();
        }
    }
}
