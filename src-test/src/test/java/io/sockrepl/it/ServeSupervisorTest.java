package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.SessionFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sockrepl serve}'s own process: a shell that supervises the server JVMs, and everything it
 * leaves (or must not leave) when it ends.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeSupervisorTest {

    @TempDir
    Path dir;

    Process serve;

    @AfterEach
    void cleanUp() throws Exception {
        Cli.stop(serve);
    }

    private ProcessHandle supervisor() throws Exception {
        serve = Cli.serveHere(dir);
        return serve.toHandle();
    }

    /** The directory the supervisor keeps its script, agent jar and turn file in. */
    private static Path privateDirectory(ProcessHandle supervisor) {
        String[] args = supervisor.info().arguments().orElseThrow();
        return Path.of(args[1]);
    }

    private List<ProcessHandle> awaitServerJvms(ProcessHandle supervisor, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<ProcessHandle> jvms = supervisor.children().collect(Collectors.toList());
            if (jvms.size() == expected) {
                return jvms;
            }
            assertTrue(System.nanoTime() < deadline, "server JVMs: " + jvms.size());
            Thread.sleep(50);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("serve.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private SockreplClient client() throws Exception {
        return SockreplClient.to(new SessionFile(dir.resolve(".sockrepl.json"))
                .read()
                .orElseThrow()
                .address());
    }

    @Test
    void theSupervisorIsAShellNotAJvmAndAStopLeavesNothingBehind() throws Exception {
        ProcessHandle supervisor = supervisor();
        String command = supervisor.info().command().orElseThrow();
        assertFalse(command.contains("java"), "the process serve started became a shell: " + command);
        Path privateDir = privateDirectory(supervisor);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir)));
        List<ProcessHandle> jvms = awaitServerJvms(supervisor, 2);

        Cli.Result ps = Cli.run(dir, "", "ps");
        assertFalse(
                ps.out().lines().anyMatch(l -> l.startsWith(supervisor.pid() + " ")),
                "the JVM that became the shell is not listed as one:\n" + ps.out());
        assertTrue(ps.out().lines().anyMatch(l -> l.startsWith(jvms.get(0).pid() + " ")), ps.out());

        assertEquals(0, Cli.run(dir, "", "stop").code());
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, serve.exitValue());
        for (ProcessHandle jvm : jvms) {
            assertFalse(jvm.isAlive(), "serve ended with its JVMs");
        }
        assertFalse(Files.exists(privateDir), "the supervisor removes its directory");
        assertFalse(Files.exists(dir.resolve("session.sock")));
        assertFalse(Files.exists(dir.resolve(".sockrepl.json")), "the standby served nothing after the stop");
    }

    @Test
    void aSignalToServeEndsItAndItsJvms() throws Exception {
        ProcessHandle supervisor = supervisor();
        Path privateDir = privateDirectory(supervisor);
        List<ProcessHandle> jvms = awaitServerJvms(supervisor, 2);

        serve.destroy();
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, serve.exitValue(), "ended by SIGTERM, as a shell reports it");
        for (ProcessHandle jvm : jvms) {
            assertFalse(jvm.isAlive(), () -> jvm.pid() + " of " + jvms + " is alive:\n" + log());
        }
        assertFalse(Files.exists(privateDir));
        assertFalse(Files.exists(dir.resolve("session.sock")), this::log);
    }

    /** The server JVMs ignore the terminal's SIGINT, as a script's background jobs do: the shell ends them. */
    @Test
    void ctrlCInTheTerminalEndsServeAndItsJvms() throws Exception {
        Pty pty = Pty.start(dir, Cli.command("serve"));
        try {
            pty.screen().await("serving on", 0);
            ProcessHandle supervisor = ProcessHandle.of(pty.process().pid()).orElseThrow();
            List<ProcessHandle> jvms = awaitServerJvms(supervisor, 2);
            pty.screen().type("\u0003");
            assertTrue(pty.process().waitFor(60, TimeUnit.SECONDS));
            assertEquals(143, pty.process().exitValue());
            for (ProcessHandle jvm : jvms) {
                assertFalse(jvm.isAlive());
            }
            assertFalse(Files.exists(dir.resolve("session.sock")));
        } finally {
            pty.close();
        }
    }

    /** It shut down as on a stop and removed its socket: the standby does not serve it again. */
    @Test
    void aSigtermToTheServingJvmAloneEndsServe() throws Exception {
        ProcessHandle supervisor = supervisor();
        List<ProcessHandle> jvms = awaitServerJvms(supervisor, 2);
        ProcessHandle.of(RestartHandoverTest.pid(client())).orElseThrow().destroy();
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, serve.exitValue());
        for (ProcessHandle jvm : jvms) {
            assertFalse(jvm.isAlive());
        }
        assertFalse(Files.exists(dir.resolve("session.sock")));
        assertFalse(Files.exists(dir.resolve(".sockrepl.json")));
    }

    @Test
    void aServerJvmThatKeepsDyingIsGivenUpOn() throws Exception {
        supervisor();
        SockreplClient client = client();
        long killed = 0;
        for (int i = 0; i < 5; i++) {
            long pid = RestartHandoverTest.pid(client);
            assertNotEquals(killed, pid, "a fresh JVM serves after each death");
            ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow();
            jvm.destroyForcibly();
            jvm.onExit().get(30, TimeUnit.SECONDS);
            killed = pid;
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve gave up");
        assertEquals(1, serve.exitValue());
        String log = Files.readString(dir.resolve("serve.log"));
        assertTrue(log.contains("died 5 times in a minute (last exit code 137); giving up"), log);
        assertTrue(log.contains("sockrepl: the server JVM was killed by SIGKILL; starting a fresh one"), log);
        assertFalse(log.contains("Killed"), "only sockrepl's own lines say how a JVM ended: " + log);
        assertEquals(0, serve.toHandle().children().count());
    }

    /**
     * A jar whose agent calls System.exit(11) on the thread that loads it: a JVM ending in a way
     * that is no stop and that no snippet made, as another tool or the application could end it.
     */
    private Path exitingAgent() throws Exception {
        Path src = dir.resolve("agent-src");
        Files.createDirectories(src);
        Files.writeString(
                src.resolve("ExitAgent.java"),
                "public class ExitAgent { public static void agentmain(String a) { System.exit(11); } }");
        assertEquals(
                0,
                javax.tools.ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "--release",
                                "17",
                                "-d",
                                src.toString(),
                                src.resolve("ExitAgent.java").toString()));
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Agent-Class", "ExitAgent");
        Path jar = dir.resolve("exit-agent.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("ExitAgent.class"));
            out.write(Files.readAllBytes(src.resolve("ExitAgent.class")));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void aServingJvmThatExitsWithoutAStopIsReplacedOnTheSameSocket() throws Exception {
        ProcessHandle supervisor = supervisor();
        awaitServerJvms(supervisor, 2);
        SockreplClient client = client();
        long first = RestartHandoverTest.pid(client);
        Path agent = exitingAgent();
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(String.valueOf(first));
        try {
            vm.loadAgent(agent.toString());
        } catch (java.io.IOException | com.sun.tools.attach.AgentLoadException endedWhileLoading) {
            // the JVM exited in the agent, before it could say the agent loaded
        } finally {
            try {
                vm.detach();
            } catch (java.io.IOException gone) {
                // so it is
            }
        }
        ProcessHandle.of(first).ifPresent(p -> p.onExit().join());
        long next = RestartHandoverTest.pid(client);
        assertNotEquals(first, next, "a fresh JVM answers on the same socket");
        assertTrue(serve.isAlive(), "serve goes on: " + log());
        assertTrue(Files.exists(dir.resolve("session.sock")));
        assertTrue(log().contains("exited unexpectedly (code 11); starting a fresh one"), log());
    }
}
