package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sockrepl's patches next to another, independent agent that retransforms the same class: Arthas
 * 4.0.5 (its distribution from Maven Central), whose {@code watch} rewrites a method and whose
 * end of a watch rewrites it back, in the Spring Boot fixture started with {@code java -jar}. The
 * JVM starts every retransformation from the bytes it kept before the first retransforming
 * agent's change, which no later redefinition replaces: without sockrepl keeping its own, a watch
 * brought back the class as it was before a patch, or a patch that had been reverted.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OtherAgentsTest {

    private static final Path ARTHAS = Path.of(System.getProperty("sockrepl.arthas.home", "target/arthas"));

    @TempDir
    Path dir;

    SpringApp app;
    /** Arthas's server in the target listens on TCP; a free port, not its default that another test may hold. */
    int arthasPort;

    @org.junit.jupiter.api.BeforeEach
    void choosePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            arthasPort = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    static List<Path> jdks() {
        return Jdks.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aPatchAndItsRevertHoldThroughAWatchThatCameFirst(Path jdk) throws Exception {
        app = SpringApp.start(dir, jdk);
        // the watch's change makes the JVM keep the class's bytes as they are now, unpatched
        assertEquals("welcome", watched("greeting", "/greeting"));
        String sock = app.inject();
        patchGreeting(sock);

        // a watch of another method of the class: the JVM hands Arthas the unpatched class
        assertEquals(app.get("/owners"), watched("owners", "/owners"), "the other agent's change holds");
        assertEquals("patched welcome", app.get("/greeting"), "and so does the patch, through the watch and its end");
        String listed = Cli.run(dir, "", "patches", sock).out();
        int feature = Integer.parseInt(Cli.run(dir, "", "run", sock, "-e", "get(Runtime.version().feature());")
                .out());
        if (feature < 25) {
            // JDK 25 starts a retransformation from the last redefinition's bytes: nothing to put back there
            assertTrue(listed.contains("since: ") && listed.contains("greeting put back"), listed);
        }

        assertEquals(
                0,
                Cli.run(dir, "", "revert", sock, "fixture.shop.ShopController").code());
        assertEquals("welcome", watched("greeting", "/greeting"), "a watch works on the reverted class");
        assertEquals("welcome", app.get("/greeting"), "and the revert holds");
    }

    @Test
    void aWatchAfterAPatchSeesThePatchAndARevertHoldsThroughTheNext() throws Exception {
        app = SpringApp.start(dir, Jdks.TESTS);
        String sock = app.inject();
        patchGreeting(sock);
        // the first retransforming change: the JVM keeps the patched bytes from now on
        assertEquals("patched welcome", watched("greeting", "/greeting"), "the watch sees the patch");
        assertEquals("patched welcome", app.get("/greeting"));

        assertEquals(
                0,
                Cli.run(dir, "", "revert", sock, "fixture.shop.ShopController").code());
        assertEquals("welcome", app.get("/greeting"));
        assertEquals("welcome", watched("greeting", "/greeting"), "the next watch does not bring the patch back");
        assertEquals("welcome", app.get("/greeting"));
        assertEquals("", Cli.run(dir, "", "patches", sock).out());
    }

    private void patchGreeting(String sock) throws Exception {
        Path source = dir.resolve("ShopController.java");
        Files.writeString(
                source,
                Files.readString(Path.of("spring-app/src/main/java/fixture/shop/ShopController.java"))
                        .replace("return greeter.greeting();", "return \"patched \" + greeter.greeting();"));
        Cli.Result r = Cli.run(dir, "", "redefine", sock, source.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("patched welcome", app.get("/greeting"));
    }

    /**
     * Runs Arthas's watch on a method of ShopController for one call, makes that call (a GET of
     * {@code path}), and returns what the watch saw it return; Arthas takes its change back as
     * the watch ends.
     */
    private String watched(String method, String path) throws Exception {
        try (AppProcess arthas = AppProcess.start(
                dir,
                List.of(
                        Jdks.TESTS.resolve("bin/java").toString(),
                        "-jar",
                        ARTHAS.resolve("arthas-boot.jar").toString(),
                        "--arthas-home",
                        ARTHAS.toString(),
                        "--telnet-port",
                        String.valueOf(arthasPort),
                        "--http-port",
                        "-1",
                        "-c",
                        "watch fixture.shop.ShopController " + method + " returnObj -n 1",
                        String.valueOf(app.process.pid())))) {
            arthas.await("Affect\\(class count: 1 , method count: 1\\)");
            app.get(path);
            String seen = arthas.await("result=@String\\[(.*)\\]").group(1);
            assertEquals(0, arthas.awaitExit(), "arthas-boot ended");
            return seen;
        }
    }
}
