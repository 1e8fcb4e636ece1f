package io.sockrepl.server.redefine;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/** The name of the class a class file defines, read from its constant pool. */
final class ClassFileName {

    private static final int MAGIC = 0xCAFEBABE;

    private ClassFileName() {}

    static String of(byte[] classFile) throws RedefinitionException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (classFile.length < 4 || in.readInt() != MAGIC) {
                throw new RedefinitionException("not a class file (it does not start with CAFEBABE)");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    default ->
                        throw new RedefinitionException("not a valid class file (constant pool tag " + tag + ")");
                }
            }
            in.readUnsignedShort();
            int thisClass = in.readUnsignedShort();
            if (thisClass <= 0 || thisClass >= count || utf8[classNameIndex[thisClass]] == null) {
                throw new RedefinitionException("not a valid class file (no class name)");
            }
            return utf8[classNameIndex[thisClass]].replace('/', '.');
        } catch (java.io.EOFException e) {
            throw new RedefinitionException("not a valid class file (it ends too early)");
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new RedefinitionException("not a valid class file (" + e.getMessage() + ")");
        }
    }

    /** The Java release a class file was compiled for (major version 61 is 17). */
    static int release(byte[] classFile) {
        return classFile.length < 8 ? 0 : (((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF)) - 44;
    }
}
