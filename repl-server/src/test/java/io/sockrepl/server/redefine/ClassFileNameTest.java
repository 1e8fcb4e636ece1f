package io.sockrepl.server.redefine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassFileNameTest {

    private static byte[] bytesOf(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheNameAndReleaseOfRealClassFiles() throws Exception {
        byte[] own = bytesOf(ClassFileNameTest.class);
        assertEquals(ClassFileNameTest.class.getName(), ClassFileName.of(own));
        assertEquals(17, ClassFileName.release(own));
        assertEquals(
                Map.Entry.class.getName(),
                ClassFileName.of(Object.class
                        .getResourceAsStream("/java/util/Map$Entry.class")
                        .readAllBytes()));
    }

    @Test
    void refusesWhatIsNotAClassFile() throws Exception {
        assertEquals(
                "not a class file (it does not start with CAFEBABE)",
                assertThrows(RedefinitionException.class, () -> ClassFileName.of(new byte[] {1, 2, 3, 4, 5}))
                        .getMessage());
        byte[] cut = Arrays.copyOf(bytesOf(ClassFileNameTest.class), 40);
        assertThrows(RedefinitionException.class, () -> ClassFileName.of(cut));
    }

    @Test
    void theClassASourceDeclaresComesFromItsPackageAndFileName() {
        assertEquals(
                "fixture.shop.Greeter",
                Redefiner.className("Greeter.java", "// a comment\npackage fixture.shop;\n\npublic class Greeter {}"));
        assertEquals("Top", Redefiner.className("Top.java", "class Top {}"));
    }
}
