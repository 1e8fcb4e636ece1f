package io.sockrepl.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The version check on the properties the Attach API returns. Only JDK 17 and 25 are installed
 * here, so a JVM of Java 8 or 11 is represented by the property it would report.
 */
class AttachPreconditionsTest {

    private static Properties reporting(String specificationVersion) {
        Properties p = new Properties();
        p.setProperty("java.specification.version", specificationVersion);
        return p;
    }

    @Test
    void readsOldAndNewVersionSchemes() {
        assertEquals(8, AttachPreconditions.feature("1.8"));
        assertEquals(11, AttachPreconditions.feature("11"));
        assertEquals(25, AttachPreconditions.feature("25"));
        assertEquals(0, AttachPreconditions.feature(""));
        assertEquals(0, AttachPreconditions.feature("x"));
    }

    @Test
    void anOlderJavaIsRefusedInOneLineThatSaysWhatToDo() {
        CliFailure f =
                assertThrows(CliFailure.class, () -> AttachPreconditions.requireSupportedJava(7, reporting("11")));
        assertEquals(ExitCodes.UNREACHABLE, f.exitCode);
        assertEquals(
                "process 7 runs Java 11; sockrepl joins JVMs of Java 17 or later (run the application on a newer JDK)",
                f.getMessage());
        assertThrows(CliFailure.class, () -> AttachPreconditions.requireSupportedJava(7, reporting("1.8")));
        assertThrows(CliFailure.class, () -> AttachPreconditions.requireSupportedJava(7, new Properties()));
        assertDoesNotThrow(() -> AttachPreconditions.requireSupportedJava(7, reporting("17")));
        assertDoesNotThrow(() -> AttachPreconditions.requireSupportedJava(7, reporting("25")));
    }

    @Test
    void aJvmInThisMountNamespacePasses() {
        assertDoesNotThrow(() -> AttachPreconditions.requireSameMountNamespace(
                ProcessHandle.current().pid()));
        assertDoesNotThrow(() -> AttachPreconditions.requireSameUser(ProcessHandle.current()));
    }
}
