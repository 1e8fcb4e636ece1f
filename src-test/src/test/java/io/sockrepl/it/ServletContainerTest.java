package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sockrepl injected into a real Apache Tomcat with two webapps that each hold a class of the same
 * name: commands that target that class refuse the name alone and list its loaders, act on the
 * webapp {@code --loader} names, and what they report is what the webapp serves.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServletContainerTest {

    static final String HELLO = "fixture.web.Hello";

    @TempDir
    Path dir;

    Tomcat tomcat;

    @BeforeAll
    static void distributionUnpacked() {
        assertTrue(Tomcat.installed(), "the build unpacks Tomcat before the tests: " + Tomcat.HOME);
    }

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    static java.util.List<Path> jdks() {
        return Jdks.all();
    }

    private Cli.Result cli(String... args) throws Exception {
        return Cli.run(dir, "", args);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void redefineSourceRevertAndInstancesActOnTheWebappTheLoaderNames(Path jdk) throws Exception {
        tomcat = Tomcat.start(
                dir.resolve("base"),
                jdk,
                Map.of("shop", Tomcat.servlet("hello from shop"), "admin", Tomcat.servlet("hello from admin")));
        assertEquals("hello from shop", tomcat.get("/shop/hello"));
        assertEquals("hello from admin", tomcat.get("/admin/hello"));
        Cli.Result injected = cli("inject", String.valueOf(tomcat.process.pid()));
        assertEquals(0, injected.code(), injected.err());
        String sock = dir.resolve("sockrepl-" + tomcat.process.pid() + ".sock").toString();

        Cli.Result ambiguous = cli("source", sock, HELLO);
        assertEquals(10, ambiguous.code(), ambiguous.err());
        assertTrue(ambiguous.err().contains(HELLO + " is loaded by 2 class loaders"), ambiguous.err());
        assertTrue(ambiguous.err().contains("(webapp /shop)"), ambiguous.err());
        assertTrue(ambiguous.err().contains("(webapp /admin)"), ambiguous.err());

        Cli.Result source = cli("source", sock, "--loader", "/shop", HELLO);
        assertEquals(0, source.code(), source.err());
        assertTrue(source.out().contains("return \"hello from shop\";"), source.out());
        Path file = dir.resolve("Hello.java");
        Files.writeString(file, source.out().replace("hello from shop", "patched shop"));

        Cli.Result refused = cli("redefine", sock, file.toString());
        assertEquals(10, refused.code(), refused.err());
        assertTrue(refused.err().contains("is loaded by 2 class loaders"), refused.err());
        assertEquals("hello from shop", tomcat.get("/shop/hello"), "a refused redefine changes nothing");

        for (int round = 0; round < 2; round++) {
            assertEquals(
                    new Cli.Result(0, "redefined [\"" + HELLO + "\"]\n", ""),
                    cli("redefine", sock, "--loader", "/shop", file.toString()));
            assertEquals("patched shop", tomcat.get("/shop/hello"));
            assertEquals("hello from admin", tomcat.get("/admin/hello"), "the other webapp's class is untouched");
            Cli.Result patches = cli("patches", sock);
            assertTrue(patches.out().startsWith(HELLO + "  "), patches.out());
            assertTrue(patches.out().contains("(webapp /shop)"), patches.out());
            assertEquals(
                    new Cli.Result(0, "1 patched shop", ""),
                    cli(
                            "run",
                            sock,
                            "--loader",
                            "/shop",
                            "-e",
                            "var live = instances(" + HELLO + ".class); get(live.size()); get(\" \");"
                                    + "var m = " + HELLO + ".class.getDeclaredMethod(\"greeting\");"
                                    + "m.setAccessible(true); get(m.invoke(live.get(0)));"),
                    "instances finds the webapp's own servlet");
            Cli.Result loaderOfRun = cli("run", sock, "--loader", HELLO, "-e", "get(1);");
            assertEquals(10, loaderOfRun.code(), "a class two webapps have names no loader: " + loaderOfRun.err());

            assertEquals(
                    new Cli.Result(0, "reverted [\"" + HELLO + "\"]\n", ""),
                    cli("revert", sock, "--loader", "/shop", HELLO));
            assertEquals("hello from shop", tomcat.get("/shop/hello"), "the revert is what the webapp serves");
            assertEquals(new Cli.Result(0, "", ""), cli("patches", sock));
        }
        Cli.Result notPatched = cli("revert", sock, "--loader", "/admin", HELLO);
        assertEquals(10, notPatched.code(), notPatched.err());

        Pty pty = Pty.start(dir, Cli.command("attach", sock));
        try {
            Screen s = pty.screen();
            int at = s.await("sockrepl> ", 0);
            s.type("/loaders " + HELLO + "\r");
            at = s.await("(webapp /admin)", at);
            s.type("/source " + HELLO + "\r");
            at = s.await("is loaded by 2 class loaders", at);
            s.type("/loader /admin\r");
            at = s.await("Switched; the state is fresh.", at);
            s.type("/source " + HELLO + "\r");
            at = s.await("return \"hello from admin\";", at);
            s.type("new " + HELLO + "().getClass().getClassLoader() == instances(" + HELLO
                    + ".class).get(0).getClass().getClassLoader()\r");
            s.await("==> true", at);
        } finally {
            pty.close();
        }
    }
}
