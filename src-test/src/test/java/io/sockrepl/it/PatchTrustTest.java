package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The patch loop on a Spring MVC application compiled with {@code -parameters}, on every JDK at
 * hand: {@code source}, {@code redefine} and {@code revert} leave parameter names (which Spring binds
 * handler arguments by) exactly as they were, and a class's own decompiled source, lambdas, nested,
 * anonymous and switch-map classes and all, redefines as a no-op.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PatchTrustTest {

    static final String PARAMETERS = "get(java.util.Arrays.toString(fixture.shop.ShopController.class"
            + ".getMethod(\"page\", int.class, String.class).getParameters()));"
            + "get(\" \"); get(fixture.shop.ShopController.class.getMethod(\"owner\", int.class)"
            + ".getParameters()[0]);";
    static final String NAMED = "[int page, java.lang.String name] int index";
    static final String CATALOG = "[atlas, kite, tea] 1200 tea play TEA";

    @TempDir
    Path dir;

    SpringApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    static java.util.List<Path> jdks() {
        return Jdks.all();
    }

    /** Every handler still binds its arguments by name and answers as it should. */
    private void handlersBind(String page) throws Exception {
        assertEquals(page, app.get("/page?page=3&name=ann"));
        assertEquals("bob", app.get("/owners/1"));
        assertEquals(200, app.status("/owners/0"));
    }

    private void namesKept(String sock) throws Exception {
        assertEquals(new Cli.Result(0, NAMED, ""), Cli.run(dir, "", "run", sock, "-e", PARAMETERS));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sourceRedefineAndRevertLeaveParameterNamesAndHandlersAsTheyWere(Path jdk) throws Exception {
        app = SpringApp.start(dir, jdk);
        handlersBind("ann on page 3");
        String sock = app.inject();
        namesKept(sock);

        Cli.Result source = Cli.run(dir, "", "source", sock, "fixture.shop.ShopController");
        assertEquals(0, source.code(), source.err());
        assertEquals("", source.err(), "the decompiled source compiles back");
        namesKept(sock);
        handlersBind("ann on page 3");

        Path file = dir.resolve("ShopController.java");
        String body = "return name + \" on page \" + page;";
        assertTrue(source.out().contains(body), source.out());
        Files.writeString(file, source.out().replace(body, "return name + \" at page \" + page;"));
        assertEquals(
                new Cli.Result(0, "redefined [\"fixture.shop.ShopController\"]\n", ""),
                Cli.run(dir, "", "redefine", sock, file.toString()));
        handlersBind("ann at page 3");
        namesKept(sock);

        assertEquals(
                new Cli.Result(0, "reverted [\"fixture.shop.ShopController\"]\n", ""),
                Cli.run(dir, "", "revert", sock, "fixture.shop.ShopController"));
        handlersBind("ann on page 3");
        namesKept(sock);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aClassesOwnSourceRedefinesAsANoOpAndAnEditedBodyIsWhatRuns(Path jdk) throws Exception {
        app = SpringApp.start(dir, jdk);
        String sock = app.inject();
        assertEquals(CATALOG, app.get("/catalog"));

        Cli.Result source = Cli.run(dir, "", "source", sock, "fixture.shop.Catalog");
        assertEquals(0, source.code(), source.err());
        assertEquals("", source.err(), "the decompiled source compiles back");
        Path file = dir.resolve("Catalog.java");
        Files.writeString(file, source.out());
        Cli.Result same = Cli.run(dir, "", "redefine", sock, file.toString());
        assertEquals(0, same.code(), same.err());
        assertEquals(CATALOG, app.get("/catalog"), "the unchanged source changes nothing that runs");

        String cheapest = ".orElse(\"none\")";
        assertTrue(source.out().contains(cheapest), source.out());
        Files.writeString(file, source.out().replace(cheapest, ".orElse(\"none\").toUpperCase()"));
        assertEquals(
                new Cli.Result(0, "redefined [\"fixture.shop.Catalog\"]\n", ""),
                Cli.run(dir, "", "redefine", sock, file.toString()),
                "an edit of one method body redefines just its class");
        assertEquals("[atlas, kite, tea] 1200 TEA play TEA", app.get("/catalog"));

        Files.writeString(
                file, source.out().replace(cheapest, ".orElse(java.util.Optional.of(1).map(n -> \"n\").get())"));
        Cli.Result added = Cli.run(dir, "", "redefine", sock, file.toString());
        assertEquals(10, added.code(), added.err());
        assertTrue(
                added.err().contains("adds a lambda to fixture.shop.Catalog.cheapest(): a loaded class cannot gain"),
                added.err());
        assertEquals("[atlas, kite, tea] 1200 TEA play TEA", app.get("/catalog"), "a refused change changes nothing");

        Files.writeString(file, source.out().replace(cheapest, ".orElse(\"none\").noSuchMethod()"));
        Cli.Result broken = Cli.run(dir, "", "redefine", sock, file.toString());
        assertEquals(10, broken.code(), broken.err());
        assertTrue(
                broken.err()
                        .matches("(?s)sockrepl: Catalog\\.java:\\d+: error: cannot find symbol\n"
                                + "[^\n]*\\.noSuchMethod\\(\\)[^\n]*\n *\\^\n.*"),
                "javac's error shows the line and a caret: " + broken.err());

        assertEquals(0, Cli.run(dir, "", "revert", sock, "--all").code());
        assertEquals(CATALOG, app.get("/catalog"));
        handlersBind("ann on page 3");
    }
}
