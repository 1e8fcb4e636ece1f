package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * System.exit and Runtime.halt from a snippet never end the host, with no security manager, on the
 * JDK running the tests and on every other JDK 17+ installed next to it (Temurin 25 here): in a
 * plain JVM that sockrepl was injected into, directly, through the host's own code, through
 * reflection, and from a thread the snippet started; while the host's own exit still works. And
 * guarding costs the host none of its compiled code: on JDK 17 the first class redefinition in a JVM
 * attached late would discard all of it, which HotSpot logs.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExitContainmentTest {

    @TempDir
    Path dir;

    AppProcess target;

    @AfterEach
    void stop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    /** The java of this JVM, and of the other JDKs of 17 or later beside it. */
    static Stream<String> javas() throws Exception {
        List<String> javas = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path jvms = Path.of(System.getProperty("java.home")).toRealPath().getParent();
        try (Stream<Path> dirs = Files.list(jvms)) {
            dirs.filter(d -> d.getFileName().toString().matches(".*(2[0-9]|1[7-9]).*"))
                    .map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .filter(j -> !sameJava(j))
                    .map(Path::toString)
                    .sorted()
                    .distinct()
                    .filter(j -> javas.stream().noneMatch(k -> sameJava(Path.of(k), Path.of(j))))
                    .forEach(javas::add);
        }
        return javas.stream();
    }

    private static boolean sameJava(Path java) {
        return sameJava(java, Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static boolean sameJava(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Waits until {@code file} has something in it, while the target lives. */
    private void awaitContent(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) || Files.size(file) == 0) {
            if (!target.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + file + "; the target is " + (target.isAlive() ? "alive" : "gone"));
            }
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @MethodSource("javas")
    void snippetsCannotEndTheHostButTheHostStillCan(String java) throws Exception {
        String classes = AppProcess.classPathOf(TargetApp.class);
        Path redefinitions = dir.resolve("redefinitions.log");
        target = AppProcess.start(
                dir,
                List.of(
                        java,
                        "-Xlog:redefine+class+nmethod=debug:file=" + redefinitions,
                        "-cp",
                        classes,
                        TargetApp.class.getName()));
        target.await("target up");
        assertEquals(0, Cli.run(dir, "", "inject", String.valueOf(target.pid())).code());
        String sock = dir.resolve("sockrepl-" + target.pid() + ".sock").toString();
        String app = TargetApp.class.getName();

        for (String[] attempt : new String[][] {
            {"System.exit(3);", "System.exit(3) refused"},
            {"Runtime.getRuntime().halt(4);", "Runtime.halt(4) refused"},
            {app + ".shutdown(5);", "System.exit(5) refused"},
            {"System.class.getMethod(\"exit\", int.class).invoke(null, 6);", "System.exit(6) refused"}
        }) {
            Cli.Result r = Cli.run(dir, attempt[0], "run", sock);
            assertEquals(10, r.code(), attempt[0] + ": " + r.err());
            assertTrue(r.err().contains(attempt[1]), r.err());
        }
        // JShell's local engine drops what a snippet's own threads leave uncaught, so this one reports
        Cli.Result thread = Cli.run(
                dir,
                "Thread t = new Thread(() -> {\n"
                        + "    try { " + app
                        + ".shutdown(7); } catch (SecurityException e) { System.err.println(e.getMessage()); }\n"
                        + "});\nt.start(); t.join(); get(\"after\");",
                "run",
                sock);
        assertEquals(0, thread.code(), thread.err());
        assertEquals("after", thread.out());
        assertTrue(thread.err().contains("System.exit(7) refused"), "a thread the snippet started: " + thread.err());
        assertEquals(new Cli.Result(0, "alive", ""), Cli.run(dir, "get(\"alive\");", "run", sock));
        assertTrue(target.isAlive());
        assertTrue(
                Files.readAllLines(redefinitions).stream().noneMatch(l -> l.contains("Marked all nmethods")),
                "injecting threw away the host's compiled code: " + Files.readString(redefinitions));

        // work a snippet left running tries once its request has ended: a thread, a Timer's thread,
        // a task on a pool the snippet did not start
        Path go = dir.resolve("go");
        for (String[] leftover : new String[][] {
            {"thread", "new Thread(() -> { %s }).start();"},
            {"pool", "java.util.concurrent.ForkJoinPool.commonPool().execute(() -> { %s });"},
            {
                "timer",
                "new java.util.Timer().schedule(new java.util.TimerTask() { public void run() { %s cancel(); } }, 0);"
            }
        }) {
            Path outcome = dir.resolve(leftover[0] + ".txt");
            String attempt = "while (!java.nio.file.Files.exists(java.nio.file.Path.of(\"" + go + "\"))) {"
                    + " Thread.onSpinWait(); }"
                    + " String why; try { Runtime.class.getMethod(\"exit\", int.class).invoke(Runtime.getRuntime(), 11);"
                    + " why = \"exited\"; } catch (Exception e) { why = String.valueOf(e.getCause()); }"
                    + " try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + outcome + "\"), why); }"
                    + " catch (java.io.IOException e) { }";
            Cli.Result left;
            try {
                left = Cli.run(dir, String.format(leftover[1], attempt), "run", sock);
            } catch (IllegalStateException hung) {
                throw new AssertionError(
                        hung.getMessage() + "\nthe target's threads:\n" + Cli.threadDump(target.pid()), hung);
            }
            assertEquals(0, left.code(), left.err());
            Files.writeString(go, "");
            awaitContent(outcome);
            assertTrue(
                    Files.readString(outcome).contains("exit(11) refused"),
                    leftover[0] + " left by a snippet, after its request: " + Files.readString(outcome));
            Files.delete(go);
            assertTrue(target.isAlive());
        }

        target.send("exit 9");
        assertEquals(9, target.awaitExit(), "the application's own System.exit still works");
    }
}
