package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sockrepl in a real Spring Boot application that did not plan for it: the fixture fat jar
 * (src-test/spring-app: nested jars, LaunchedClassLoader, Logback) started with {@code java -jar},
 * reached with the real CLI.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpringBootAppTest {

    @TempDir
    Path dir;

    SpringApp spring;
    AppProcess app;
    Pty pty;

    @BeforeAll
    static void fixtureBuilt() {
        assertTrue(
                Files.isRegularFile(SpringApp.JAR),
                "the fixture is built by the reactor before src-test: " + SpringApp.JAR);
    }

    @AfterEach
    void stop() throws Exception {
        if (pty != null) {
            pty.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private String startApp(String... javaOptions) throws Exception {
        spring = SpringApp.start(dir, Jdks.TESTS, javaOptions);
        app = spring.process;
        return spring.url;
    }

    private String inject() throws Exception {
        return spring.inject();
    }

    private static String http(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void anInjectedServerRunsTypedSnippetsAgainstTheAppsOwnClassesAndBeans() throws Exception {
        String url = startApp();
        String before = app.output();
        String sock = inject();

        Cli.Result typed = Cli.run(
                dir,
                "fixture.shop.OwnerRepository repo = bean(fixture.shop.OwnerRepository.class);\n"
                        + "repo.add(\"carol\");\nget(repo.findAll());",
                "run",
                sock);
        assertEquals(new Cli.Result(0, "[alice, bob, carol]", ""), typed);
        assertEquals("alice,bob,carol", http(url + "/owners"));

        assertEquals("welcome", http(url + "/greeting"));
        Cli.Result live = Cli.run(
                dir,
                "var greeters = instances(fixture.shop.Greeter.class);\n"
                        + "greeters.get(0).setGreeting(\"patched live\");\nget(greeters.size());",
                "run",
                sock);
        assertEquals(new Cli.Result(0, "1", ""), live);
        assertEquals("patched live", http(url + "/greeting"));

        Cli.Result context = Cli.run(
                dir,
                "get(Thread.currentThread().getContextClassLoader()"
                        + ".loadClass(\"fixture.shop.Greeter\") == fixture.shop.Greeter.class);"
                        + "get(io.sockrepl.server.agent.Instrumentations.get().isRedefineClassesSupported());",
                "run",
                sock);
        assertEquals(new Cli.Result(0, "truetrue", ""), context, "context loader and Instrumentation reachable");

        Cli.Result explicit = Cli.run(
                dir,
                "get(fixture.shop.Greeter.class.getClassLoader() != null);",
                "run",
                "--loader",
                "fixture.shop.ShopController",
                sock);
        assertEquals(new Cli.Result(0, "true", ""), explicit);
        Cli.Result missing = Cli.run(dir, "get(1);", "run", "--loader", "no.such.Type", sock);
        assertEquals(10, missing.code());
        assertTrue(
                missing.err().contains("no class loader of this JVM has loaded a class named no.such.Type"),
                missing.err());

        Cli.Result status = Cli.run(dir, "", "status", sock);
        Path log = Path.of(sock + ".log");
        assertTrue(status.out().contains("log       " + log), status.out());
        assertTrue(Files.readString(log).contains("listening on " + sock), "the server logs to its own file");
        assertEquals(
                "rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        // the JVM's own notices (on 21+, a dynamically loaded agent; on 22+, native code loaded
        // from an unnamed module) are the JVM's to print; sockrepl's log lines must not be there
        String since = app.output()
                .substring(before.length())
                .lines()
                .filter(l -> !l.startsWith("WARNING: "))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertFalse(
                since.contains("sockrepl") || since.contains("SLF4J"),
                "a guest says nothing on the host's output:\n" + since);
    }

    @Test
    void theConsoleInAnInjectedSpringBootAppCompletesItsClassesAndLeavesCleanly() throws Exception {
        startApp();
        String sock = inject();
        pty = Pty.start(dir, Cli.command("attach", sock));
        Screen s = pty.screen();
        int at = s.await("sockrepl> ", 0);
        assertTrue(s.text().contains("bound: spring (ApplicationContext), terminal (Terminal)"), s.text());
        assertTrue(s.text().contains("LaunchedClassLoader"), s.text());
        s.type("fixture.shop.OwnerRepo\t");
        at = s.await("fixture.shop.OwnerRepository", at);
        s.type(".class.getSimpleName()\r");
        at = s.await("==> \"OwnerRepository\"", at);
        s.type("bean(fixture.shop.OwnerRepository.class).findAll()\r");
        at = s.await("==> [alice, bob]", at);
        s.type("terminal.getWidth()\r");
        at = s.await("==> 100", at);
        s.type("/loaders fixture.shop.Greeter\r");
        at = s.await("LaunchedClassLoader", at);
        at = s.await("(Spring Boot app " + SpringApp.JAR.getFileName() + ")", at);
        s.type("/loader fixture.shop.Greeter\r");
        at = s.await("Switched; the state is fresh.", at);
        s.type("/loader no.such.Type\r");
        at = s.await("the session stays as it was.", at);
        s.type("/source fixture.shop.Greeter\r");
        at = s.await("public void setGreeting(String greeting) {", at);
        s.type("\u0004");
        s.await("Goodbye.", at);
        assertTrue(pty.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, pty.process().exitValue());
    }

    @Test
    void theHotPatchLoopDecompilesRedefinesListsAndReverts() throws Exception {
        String url = startApp();
        String sock = inject();
        Cli.Result source = Cli.run(dir, "", "source", sock, "fixture.shop.ShopController");
        assertEquals(0, source.code(), source.err());
        assertTrue(source.out().contains("@GetMapping(\"/owners\")"), source.out());
        String join = "String.join(\",\", ";
        assertTrue(source.out().contains(join), source.out());
        Path file = dir.resolve("ShopController.java");
        Files.writeString(file, source.out().replace(join, "String.join(\";\", "));

        assertEquals(
                new Cli.Result(0, "redefined [\"fixture.shop.ShopController\"]\n", ""),
                Cli.run(dir, "", "redefine", sock, file.toString()));
        assertEquals("alice;bob", http(url + "/owners"), "the request mapping survives the redefinition");
        assertEquals(
                new Cli.Result(0, "/owners", ""),
                Cli.run(
                        dir,
                        "get(fixture.shop.ShopController.class"
                                + ".getMethod(\"owners\").getAnnotation(org.springframework.web.bind.annotation.GetMapping.class)"
                                + ".value()[0]);",
                        "run",
                        sock));
        Cli.Result patches = Cli.run(dir, "", "patches", sock);
        assertTrue(
                patches.out()
                        .matches("fixture\\.shop\\.ShopController  \\S+  by uid \\d+  sha256:[0-9a-f]{16}"
                                + "  in \\S*LaunchedClassLoader@[0-9a-f]+ \\(Spring Boot app "
                                + java.util.regex.Pattern.quote(
                                        SpringApp.JAR.getFileName().toString()) + "\\)\n"),
                patches.out());

        assertEquals(
                new Cli.Result(0, "reverted [\"fixture.shop.ShopController\"]\n", ""),
                Cli.run(dir, "", "revert", sock, "fixture.shop.ShopController"));
        assertEquals("alice,bob", http(url + "/owners"));
        assertEquals(new Cli.Result(0, "", ""), Cli.run(dir, "", "patches", sock));
        assertEquals(
                new Cli.Result(10, "", "sockrepl: nothing is patched\n"), Cli.run(dir, "", "revert", sock, "--all"));
    }

    @Test
    void redefineCompilesAgainstTheAppsNestedJars() throws Exception {
        String url = startApp();
        String sock = inject();
        Path source = dir.resolve("Greeter.java");
        Files.writeString(
                source,
                String.join(
                        "\n",
                        "package fixture.shop;",
                        "import org.springframework.stereotype.Service;",
                        "@Service",
                        "public class Greeter {",
                        "    private volatile String greeting = \"welcome\";",
                        "    public String greeting() { return greeting.toUpperCase(); }",
                        "    public void setGreeting(String greeting) { this.greeting = greeting; }",
                        "}"));
        Cli.Result r = Cli.run(dir, "", "redefine", sock, source.toString());
        assertEquals(new Cli.Result(0, "redefined [\"fixture.shop.Greeter\"]\n", ""), r);
        assertEquals("WELCOME", http(url + "/greeting"));

        Cli.Result decompiled = Cli.run(dir, "", "source", sock, "fixture.shop.OwnerRepository");
        Path repo = dir.resolve("OwnerRepository.java");
        Files.writeString(repo, decompiled.out());
        assertEquals(0, Cli.run(dir, "", "redefine", sock, repo.toString()).code());
        assertEquals(
                new Cli.Result(0, "java.util.List<java.lang.String> true", ""),
                Cli.run(
                        dir,
                        "var type = fixture.shop.OwnerRepository.class;\n"
                                + "get(type.getMethod(\"findAll\").getGenericReturnType()); get(\" \");\n"
                                + "get(type.isAnnotationPresent(org.springframework.stereotype.Repository.class));",
                        "run",
                        sock),
                "generic signatures and annotations survive a redefinition");
    }

    @Test
    void asAJavaAgentItLeavesLogbackInCharge() throws Exception {
        Path sock = dir.resolve("agent.sock");
        startApp("-javaagent:" + Cli.AGENT_JAR + "=" + sock);
        assertFalse(app.output().contains("SLF4J"), app.output());
        assertTrue(
                app.output().matches("(?s).*INFO \\d+ --- \\[.*Tomcat started on port.*"),
                "Spring Boot's Logback pattern:\n" + app.output());
        Cli.Result r = Cli.run(
                dir,
                "get(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());"
                        + "get(\" \"); get(bean(fixture.shop.Greeter.class).greeting());",
                "run",
                sock.toString());
        assertEquals(new Cli.Result(0, "ch.qos.logback.classic.LoggerContext welcome", ""), r);
    }
}
