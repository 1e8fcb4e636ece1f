package io.sockrepl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisorTest {

    @Test
    void theServerJvmGetsLeanDefaultsUnlessTheUserSetsTheSame() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m"), Supervisor.serverJvmOptions(null));
        assertEquals(
                List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx2g", "-Dx=1"),
                Supervisor.serverJvmOptions(" -Xmx2g  -Dx=1 "));
        assertEquals(List.of("-Xms32m", "-XX:+UseG1GC", "-Xmx2g"), Supervisor.serverJvmOptions("-XX:+UseG1GC -Xmx2g"));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms1g"), Supervisor.serverJvmOptions("-Xms1g"));
        assertEquals(
                List.of("-XX:+UseZGC", "-XX:InitialHeapSize=64m"),
                Supervisor.serverJvmOptions("-XX:+UseZGC -XX:InitialHeapSize=64m"));
    }
}
