package io.sockrepl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisorTest {

    @Test
    void theServerJvmGetsTheSerialCollectorUnlessTheUserNamesOne() {
        assertEquals(List.of("-XX:+UseSerialGC"), Supervisor.serverJvmOptions(null));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx2g", "-Dx=1"), Supervisor.serverJvmOptions(" -Xmx2g  -Dx=1 "));
        assertEquals(List.of("-XX:+UseG1GC", "-Xmx2g"), Supervisor.serverJvmOptions("-XX:+UseG1GC -Xmx2g"));
        assertEquals(List.of("-XX:+UseZGC"), Supervisor.serverJvmOptions("-XX:+UseZGC"));
    }
}
