package io.sockrepl.server.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a snippet class so that its calls to {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt} go to {@link Exits}, which refuses them. This holds in every JVM, with or
 * without an agent; where sockrepl has Instrumentation, {@code Runtime} itself is guarded too, which
 * also covers exits reached indirectly (through the host's code, reflection, or a thread the
 * snippet started).
 */
final class ExitCalls {

    private static final String EXITS = Type.getInternalName(Exits.class);

    private ExitCalls() {}

    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        return new MethodVisitor(
                                Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                            @Override
                            public void visitMethodInsn(
                                    int opcode, String owner, String method, String desc, boolean itf) {
                                String target = target(opcode, owner, method, desc);
                                if (target == null) {
                                    super.visitMethodInsn(opcode, owner, method, desc, itf);
                                    return;
                                }
                                changed[0] = true;
                                super.visitMethodInsn(
                                        Opcodes.INVOKESTATIC,
                                        EXITS,
                                        target,
                                        opcode == Opcodes.INVOKESTATIC ? "(I)V" : "(Ljava/lang/Runtime;I)V",
                                        false);
                            }
                        };
                    }
                },
                0);
        return changed[0] ? writer.toByteArray() : classFile;
    }

    private static String target(int opcode, String owner, String method, String desc) {
        if (!"(I)V".equals(desc)) {
            return null;
        }
        if (opcode == Opcodes.INVOKESTATIC && "java/lang/System".equals(owner) && "exit".equals(method)) {
            return "systemExit";
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && "java/lang/Runtime".equals(owner)) {
            return "exit".equals(method) ? "runtimeExit" : "halt".equals(method) ? "runtimeHalt" : null;
        }
        return null;
    }
}
