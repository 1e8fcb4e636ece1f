package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.Outcome;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API: typed bindings, a host class loader of its own, and a light start. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmbeddingTest {

    @TempDir
    Path dir;

    @Test
    void bindingsAreTypedVariablesInBatchAndConsole() throws Exception {
        OrderBook orders = new OrderBook();
        try (SockreplServer server = SockreplServer.start(ServerConfig.at(Address.unix(dir.resolve("e.sock")))
                .bind("orders", OrderBook.class, orders)
                .build())) {
            SockreplClient client = SockreplClient.to(server.address());
            assertEquals("2", client.run("get(orders.pending().size());").captured());
            assertEquals(Outcome.OK, client.run("orders.add(\"jam\");").status());
            assertEquals(List.of("tea", "scones", "jam"), orders.pending(), "the snippet changed the live object");

            try (RawClient c = new RawClient(server.address())) {
                Screen s = new Screen(c.socket.getInputStream(), c.socket.getOutputStream());
                s.await("bound: orders (OrderBook), terminal (Terminal)", 0);
                s.await("sockrepl> ", 0);
                s.type("orders.pending().get(2)\r");
                s.await("==> \"jam\"", 0);
            }
        }
    }

    /** The diagnostics in a JVM that embeds the server: its own threads, its own VM. */
    @Test
    void threadsAndVmReportTheEmbeddingJvm() throws Exception {
        try (SockreplServer server = SockreplServer.start(
                ServerConfig.at(Address.unix(dir.resolve("d.sock"))).build())) {
            String sock = dir.resolve("d.sock").toString();
            String me = Thread.currentThread().getName();
            Cli.Result threads = Cli.run(dir, "", "threads", sock, "--interval", "0", "-n", "500");
            assertEquals(0, threads.code(), threads.err());
            assertTrue(threads.out().contains("\"" + me + "\""), threads.out());
            Cli.Result vm = Cli.run(dir, "", "vm", sock);
            assertEquals(0, vm.code(), vm.err());
            assertTrue(vm.out().contains("pid: " + ProcessHandle.current().pid() + "\n"), vm.out());
        }
    }

    @Test
    void aSnippetsOwnExitCallsAreRefusedEvenWithoutAnAgent() throws Exception {
        try (SockreplServer server = SockreplServer.start(
                ServerConfig.at(Address.unix(dir.resolve("x.sock"))).build())) {
            SockreplClient client = SockreplClient.to(server.address());
            for (String exit :
                    List.of("System.exit(3);", "Runtime.getRuntime().exit(4);", "Runtime.getRuntime().halt(5);")) {
                SnippetResult r = client.run(exit);
                assertEquals(Outcome.EXCEPTION, r.status(), exit);
                assertTrue(
                        r.exception()
                                .startsWith("java.lang.SecurityException: "
                                        + exit.replace(";", "")
                                                .replace("Runtime.getRuntime().exit", "Runtime.exit")
                                                .replace("Runtime.getRuntime().halt", "Runtime.halt")
                                        + " refused"),
                        r.exception());
            }
            assertEquals("still here", client.run("get(\"still here\");").captured());
        }
    }

    @Test
    void hostClassesFromAClassLoaderOfTheirOwn() throws Exception {
        Path src = dir.resolve("src/plugin/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(
                src,
                "package plugin; public class Greeter { public String greet(String who) { return \"hi \" + who; } }");
        Path classes = dir.resolve("classes");
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
        try (URLClassLoader plugins = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = plugins.loadClass("plugin.Greeter");
            Object greeter = type.getConstructor().newInstance();
            @SuppressWarnings({"unchecked", "rawtypes"})
            ServerConfig config = ServerConfig.at(Address.unix(dir.resolve("p.sock")))
                    .hostClassLoader(plugins)
                    .bind("greeter", (Class) type, greeter)
                    .build();
            try (SockreplServer server = SockreplServer.start(config)) {
                SnippetResult r = SockreplClient.to(server.address())
                        .run("get(greeter.greet(\"you\")); get(\" / \"); get(new plugin.Greeter().greet(\"all\"));");
                assertEquals("hi you / hi all", r.captured(), r.exception());
            }
        }
    }

    @Test
    void startingIsLightAndNeverWritesToTheHostsStdout() throws Exception {
        PrintStream hostOut = System.out;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        System.setOut(new PrintStream(seen, true));
        try (SockreplServer server = SockreplServer.start(
                ServerConfig.at(Address.unix(dir.resolve("l.sock"))).build())) {
            assertFalse(
                    Thread.getAllStackTraces().keySet().stream()
                            .anyMatch(t -> t.getName().startsWith("sockrepl-eval")),
                    "no evaluation thread before a snippet");
            assertTrue(
                    Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("sockrepl-"))
                            .allMatch(Thread::isDaemon),
                    "daemon threads only");
            SnippetResult r = SockreplClient.to(server.address()).run("System.out.println(\"to the client\");");
            assertEquals("to the client\n", r.stdout());
            System.out.println("the host's own line");
        } finally {
            System.setOut(hostOut);
        }
        assertEquals(
                "the host's own line\n", seen.toString(), "the host's output is untouched, the snippet's is not in it");
    }
}
