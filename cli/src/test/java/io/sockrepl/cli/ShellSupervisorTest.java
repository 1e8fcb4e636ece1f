package io.sockrepl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellSupervisorTest {

    @Test
    void theServerJvmGetsLeanDefaultsUnlessTheUserSetsTheSame() {
        assertEquals(
                List.of("-XX:+UseSerialGC", "-Xms32m", "-XX:-OmitStackTraceInFastThrow"),
                ShellSupervisor.serverJvmOptions(null));
        assertEquals(
                List.of("-XX:+UseSerialGC", "-Xms32m", "-XX:-OmitStackTraceInFastThrow", "-Xmx2g", "-Dx=1"),
                ShellSupervisor.serverJvmOptions(" -Xmx2g  -Dx=1 "));
        assertEquals(
                List.of("-Xms32m", "-XX:-OmitStackTraceInFastThrow", "-XX:+UseG1GC", "-Xmx2g"),
                ShellSupervisor.serverJvmOptions("-XX:+UseG1GC -Xmx2g"));
        assertEquals(
                List.of("-XX:+UseSerialGC", "-XX:-OmitStackTraceInFastThrow", "-Xms1g"),
                ShellSupervisor.serverJvmOptions("-Xms1g"));
        assertEquals(
                List.of("-XX:+UseZGC", "-XX:InitialHeapSize=64m", "-XX:+OmitStackTraceInFastThrow"),
                ShellSupervisor.serverJvmOptions("-XX:+UseZGC -XX:InitialHeapSize=64m -XX:+OmitStackTraceInFastThrow"));
    }
}
