package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sockrepl.core.PeerCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JVMs sockrepl cannot join: each refusal is one line that says what to do, and comes at once
 * (a container's JVM used to cost the Attach API's ten-second wait and a misleading message).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InjectRefusalsTest {

    @TempDir
    Path dir;

    final List<AppProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AppProcess p : processes) {
            // a JVM that is pid 1 of its namespace ignores the launcher's SIGTERM
            ProcessHandle.of(p.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
            p.close();
        }
    }

    @Test
    void aProcessThatIsNotAJvmIsRefusedAtOnceAndSentNothing() throws Exception {
        // a process that dies of SIGQUIT, as the JDK's attach mechanism would send it
        AppProcess python = AppProcess.start(
                dir, List.of("python3", "-c", "import time; print('python up', flush=True); time.sleep(600)"));
        processes.add(python);
        python.await("python up");
        String pid = String.valueOf(python.pid());
        String refusal = "sockrepl: process " + pid + " (python3) is not a Java VM\n";
        for (List<String> command : List.of(
                List.of("status", pid),
                List.of("stop", pid),
                List.of("inject", pid),
                List.of("run", pid, "-e", "get(1);"),
                List.of("source", pid, "java.lang.String"))) {
            Cli.Result r = Cli.run(dir, "", command.toArray(String[]::new));
            assertEquals(new Cli.Result(1, "", refusal), r, String.join(" ", command));
        }
        assertTrue(python.isAlive(), "nothing was sent to it");
    }

    @Test
    void onlyRunAttachAndInjectStartAServerInAJvm() throws Exception {
        String pid = String.valueOf(target(List.of(), java()));
        String none =
                "sockrepl: no sockrepl server runs in process " + pid + "; 'sockrepl attach " + pid + "' starts one\n";
        for (String command : List.of("status", "stop", "restart", "interrupt", "patches")) {
            assertEquals(new Cli.Result(1, "", none), Cli.run(dir, "", command, pid), command);
        }
        assertEquals(new Cli.Result(1, "", none), Cli.run(dir, "", "source", pid, "java.lang.String"));
        assertEquals(new Cli.Result(1, "", none), Cli.run(dir, "", "revert", pid, "--all"));
        assertEquals(0, Cli.run(dir, "", "inject", pid).code());
        Cli.Result status = Cli.run(dir, "", "status", pid);
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("pid       " + pid), status.out());
        assertEquals(0, Cli.run(dir, "", "stop", pid).code());
    }

    /** Starts TargetApp under {@code prefix} (a launcher, then java) and returns the JVM's pid. */
    private long target(List<String> prefix, String java, String... options) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(java);
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()));
        AppProcess p = AppProcess.start(dir, command);
        processes.add(p);
        p.await("target up");
        return ProcessHandle.of(p.pid())
                .orElseThrow()
                .descendants()
                .findFirst()
                .map(ProcessHandle::pid)
                .orElse(p.pid());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A runtime made by jlink from the test JDK's own modules. */
    private Path runtime(String name, String modules) throws Exception {
        Path image = dir.resolve(name);
        Process jlink = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                        "--add-modules",
                        modules,
                        "--no-header-files",
                        "--no-man-pages",
                        "--output",
                        image.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(jlink.getInputStream().readAllBytes());
        assertEquals(0, jlink.waitFor(), out);
        return image.resolve("bin").resolve("java");
    }

    private void assertRefusedInOneLine(Cli.Result r, String pattern) {
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().matches("sockrepl: " + pattern + "\n"), r.err());
    }

    @Test
    void aJvmThatRefusesAttachSaysSo() throws Exception {
        long pid = target(List.of(), java(), "-XX:+DisableAttachMechanism");
        assertRefusedInOneLine(Cli.run(dir, "", "inject", String.valueOf(pid)), "cannot attach to process \\d+: .*");
    }

    @Test
    void anotherUsersJvmIsRefusedWithAReason() throws Exception {
        assumeTrue(PeerCheck.ownUid() == 0, "switching users needs root");
        assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0);
        long pid = target(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), java());
        assertRefusedInOneLine(
                Cli.run(dir, "", "inject", String.valueOf(pid)),
                "process \\d+ belongs to \\S+; the JVM only lets its own user attach \\(run sockrepl as \\S+\\)");
    }

    /**
     * A container as sockrepl sees one: a mount namespace (and a pid namespace) of its own. Its
     * file system is left as it is, so that the test's classes, wherever the checkout lies, stay
     * in its sight.
     */
    @Test
    void aJvmInAContainerIsRefusedWithTheCommandToRunInside() throws Exception {
        assumeTrue(PeerCheck.ownUid() == 0, "namespaces need root");
        assumeTrue(new ProcessBuilder("unshare", "--version").start().waitFor() == 0);
        List<String> container = List.of("unshare", "--mount", "--pid", "--fork", "--mount-proc");
        long pid = target(container, java());
        long started = System.nanoTime();
        Cli.Result r = Cli.run(dir, "", "run", String.valueOf(pid), "-e", "get(1);");
        assertRefusedInOneLine(
                r,
                "process " + pid + " runs in a container \\(another mount namespace\\), .*; run "
                        + "sockrepl inside it, e.g. docker exec -it CONTAINER sockrepl attach 1");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(8), "refused before the Attach API's wait");
    }

    @Test
    void aRuntimeWithoutJShellOrAgentsSaysWhatToDo() throws Exception {
        long noJShell =
                target(List.of(), runtime("jre", "java.base,java.instrument").toString());
        assertRefusedInOneLine(
                Cli.run(dir, "", "run", String.valueOf(noJShell), "-e", "get(1);"),
                "the agent could not start a server in process \\d+: this JVM's runtime has no jdk.jshell module "
                        + "\\(a JRE or jlink image\\); run the application on a full JDK, or jlink its image with jdk.jshell");
        long noAgents = target(List.of(), runtime("base", "java.base").toString());
        assertRefusedInOneLine(
                Cli.run(dir, "", "inject", String.valueOf(noAgents)),
                "process \\d+'s runtime has no "
                        + "java.instrument module \\(a JRE or jlink image\\), so it cannot load agents; run the application on a "
                        + "full JDK 17\\+");
    }

    @Test
    void injectErrorsAreOneLine() throws Exception {
        Cli.Result none = Cli.run(dir, "", "inject", "2147483646");
        assertRefusedInOneLine(none, "no such process: 2147483646");
        Cli.Result notAJvm = Cli.run(dir, "", "inject", "1");
        assertEquals(1, notAJvm.code());
        assertEquals(1, notAJvm.err().lines().count(), notAJvm.err());
        Cli.Result usage = Cli.run(dir, "", "inject", "twelve");
        assertEquals(2, usage.code());
    }
}
