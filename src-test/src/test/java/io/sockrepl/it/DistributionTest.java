package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tar.gz `mvn package` makes, installed the README's way: unpacked, its bin/sockrepl linked onto a PATH. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DistributionTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(Path command, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(command.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    /** The launcher makes it in the background after its first command, next to the jar. */
    private static Path awaitClassDataArchive(Path lib) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(lib)) {
                var made = files.filter(p -> p.getFileName().toString().matches("sockrepl-java.*\\.(jsa|aot)"))
                        .findFirst();
                if (made.isPresent()) {
                    return made.get();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no class-data archive in " + lib);
    }

    @Test
    void unpackedAndLinkedOntoThePathItReachesAJvmByPid() throws Exception {
        Path archive;
        try (var found = Files.list(Cli.JAR.getParent())) {
            archive = found.filter(p -> p.getFileName().toString().endsWith("-dist.tar.gz"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("mvn package makes sockrepl-VERSION-dist.tar.gz"));
        }
        Path opt = Files.createDirectories(dir.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", opt.toString())
                .inheritIO()
                .start();
        assertEquals(0, tar.waitFor());
        Path home;
        try (var unpacked = Files.list(opt)) {
            home = unpacked.findFirst().orElseThrow();
        }
        for (String part : List.of(
                "bin/sockrepl",
                "bin/sockrepl.cmd",
                "lib/sockrepl.jar",
                "lib/sockrepl-agent.jar",
                "lib/sockrepl-demo.jar",
                "completion/sockrepl.bash")) {
            assertTrue(Files.isRegularFile(home.resolve(part)), part);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/sockrepl")));
        try (java.util.zip.ZipFile injected =
                new java.util.zip.ZipFile(home.resolve("lib/sockrepl.jar").toFile())) {
            assertTrue(
                    injected.stream().noneMatch(e -> e.getName().startsWith("io/sockrepl/demo/")),
                    "the jar that goes into other people's JVMs carries no demo");
        }
        assertTrue(
                Files.readString(home.resolve("completion/sockrepl.bash")).contains("complete -F _complete_sockrepl"));

        Path onPath = Files.createDirectories(dir.resolve("bin")).resolve("sockrepl");
        Files.createSymbolicLink(onPath, home.resolve("bin/sockrepl"));
        assertEquals(new Run(0, "sockrepl 0.1.0\n", ""), run(onPath, Map.of(), "--version"));
        Path classData = awaitClassDataArchive(home.resolve("lib"));
        Run fromArchive = run(onPath, Map.of("SOCKREPL_CLIENT_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertTrue(
                fromArchive.out().contains("io.sockrepl.cli.Main source: shared objects file"),
                "the next command starts from " + classData + ":\n" + fromArchive.out());
        assertEquals("", fromArchive.err());

        AppProcess target = AppProcess.start(
                dir, AppProcess.java("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()));
        try (target) {
            target.await("target up");
            Path runtime = Files.createDirectories(dir.resolve("runtime"));
            Run read = run(
                    onPath,
                    Map.of("XDG_RUNTIME_DIR", runtime.toString()),
                    "run",
                    String.valueOf(target.pid()),
                    "-e",
                    "get(" + TargetApp.class.getName() + ".STATE.get());");
            assertEquals(0, read.code(), read.err());
            assertEquals("41", read.out(), "injected from lib/, where the agent jar lies next to sockrepl.jar");
        }
    }
}
