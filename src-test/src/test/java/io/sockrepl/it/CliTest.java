package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real `sockrepl` command against a real `sockrepl serve`, each its own JVM. */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliTest {

    @TempDir
    Path dir;

    Process server;

    @AfterEach
    void cleanUp() throws Exception {
        Cli.stop(server);
    }

    private Process serve(String... args) throws Exception {
        server = Cli.serveHere(dir, args);
        return server;
    }

    private JsonObject status() throws Exception {
        Cli.Result r = Cli.run(dir, "", "status", "--json");
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /** Until the server says a snippet runs; each look is a whole `sockrepl status`. */
    private void awaitRunningSnippet() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!status().get("running").getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no snippet started running");
        }
    }

    @Test
    void serveRunStatusRestartStopAcrossProcesses() throws Exception {
        serve();
        Path socket = dir.resolve("session.sock");
        assertTrue(Files.exists(socket), "default address is session.sock here");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".sockrepl.json"))));

        assertEquals(0, Cli.run(dir, "int a = 5;", "run").code());
        Cli.Result fifteen = Cli.run(dir, "get(a * 3);");
        assertEquals(new Cli.Result(0, "15", ""), fifteen, "no subcommand reads stdin, like run");
        assertEquals("5", Cli.run(dir, "", "run", "-e", "get(a);").out());
        Path file = dir.resolve("snippet.jsh");
        Files.writeString(file, "System.out.println(\"printed\");\nget(\"é\");");
        Cli.Result fromFile = Cli.run(dir, "", "run", "--file", file.toString());
        assertEquals("é", fromFile.out());
        assertEquals("printed\n", fromFile.err(), "the snippet's own output goes to stderr");

        long pid = status().get("pid").getAsLong();
        assertEquals(
                pid,
                new SessionFile(dir.resolve(".sockrepl.json"))
                        .read()
                        .orElseThrow()
                        .pid());
        Cli.Result readable = Cli.run(dir, "", "status");
        assertTrue(readable.out().contains("pid       " + pid), readable.out());

        Cli.Result restart = Cli.run(dir, "", "restart");
        assertEquals(0, restart.code(), restart.err());
        long newPid = status().get("pid").getAsLong();
        assertNotEquals(pid, newPid, "restart under serve is a fresh JVM");
        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "no chain of waiting JVMs");
        assertEquals(10, Cli.run(dir, "get(a);", "run").code(), "fresh state after restart");

        Cli.Result stop = Cli.run(dir, "", "stop");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, server.exitValue());
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(dir.resolve(".sockrepl.json")));
    }

    @Test
    void serveAnnouncesItselfWithItsSocketLogsToAFileAndPsTellsWhichJvmServes() throws Exception {
        Path terminal = dir.resolve("terminal.txt");
        server = Cli.serve(dir, terminal, "s.sock", "-f", "s.json");
        Path socket = dir.resolve("s.sock");
        Cli.awaitFile(socket, server);
        assertTrue(Files.exists(dir.resolve("s.json")), "the session file is there as soon as the socket is");
        assertEquals(new Cli.Result(0, "1", ""), Cli.run(dir, "", "run", "-f", "s.json", "-e", "get(1);"));

        long serving = servingPid();
        assertEquals(socket.toString(), psColumn(serving));
        Cli.Result restart = Cli.run(dir, "", "restart", "-f", "s.json");
        assertEquals(0, restart.code(), restart.err());
        long next = servingPid();
        assertNotEquals(serving, next);
        assertEquals(socket.toString(), psColumn(next), "the standby that took over is the serving JVM");
        assertEquals("standby for " + socket, psColumn(awaitStandby(next)));

        assertEquals(0, Cli.run(dir, "", "stop", "-f", "s.json").code());
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        String said = Files.readString(terminal);
        assertTrue(said.contains("serving on " + socket) && said.contains("log in " + socket + ".log"), said);
        assertFalse(said.contains(" INFO "), "the terminal a console attaches from gets no INFO lines: " + said);
        String logged = Files.readString(Path.of(socket + ".log"));
        assertTrue(logged.contains("listening on " + socket) && logged.contains("stopped (" + socket + ")"), logged);
    }

    /** The server JVM serve keeps ready beside the serving one, once the supervisor has started it. */
    private long awaitStandby(long serving) throws Exception {
        long[] standby = {0};
        Cli.await("serve started no standby beside " + serving, server, () -> {
            server.descendants()
                    .filter(p ->
                            p.pid() != serving && p.info().command().orElse("").endsWith("/java"))
                    .findFirst()
                    .ifPresent(p -> standby[0] = p.pid());
            return standby[0] != 0;
        });
        return standby[0];
    }

    private long servingPid() throws Exception {
        Cli.Result r = Cli.run(dir, "", "status", "-f", "s.json", "--json");
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(r.out()).getAsJsonObject().get("pid").getAsLong();
    }

    /** What `sockrepl ps --json` says of where sockrepl serves in a JVM. */
    private String psColumn(long pid) throws Exception {
        Cli.Result r = Cli.run(dir, "", "ps", "--json");
        assertEquals(0, r.code(), r.err());
        for (var e : JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("jvms")) {
            JsonObject jvm = e.getAsJsonObject();
            if (jvm.get("pid").getAsLong() == pid) {
                return jvm.get("sockrepl").isJsonNull()
                        ? null
                        : jvm.get("sockrepl").getAsString();
            }
        }
        throw new AssertionError("ps does not list " + pid + ": " + r.out());
    }

    @Test
    void bashCompletesCommandsOptionsAddressesAndSourceFiles() throws Exception {
        Cli.Result script = Cli.run(dir, "", "completion", "bash");
        assertEquals(0, script.code(), script.err());
        Path file = Files.writeString(dir.resolve("sockrepl.bash"), script.out());
        try (java.nio.channels.ServerSocketChannel socket =
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            socket.bind(java.net.UnixDomainSocketAddress.of(dir.resolve("app.sock")));
            Files.writeString(dir.resolve("Greeter.java"), "class Greeter {}");
            Files.writeString(dir.resolve("notes.txt"), "");
            assertEquals(List.of("restart", "redefine", "revert"), completions(file, "sockrepl", "re"));
            assertEquals(List.of("--token", "--timeout"), completions(file, "sockrepl", "run", "--t"));
            List<String> addresses = completions(file, "sockrepl", "attach", "");
            assertTrue(addresses.contains("app.sock"), "a socket here: " + addresses);
            assertTrue(addresses.contains(String.valueOf(ProcessHandle.current().pid())), "a JVM's pid: " + addresses);
            assertFalse(addresses.contains("notes.txt"), addresses.toString());
            assertEquals(List.of("Greeter.java"), completions(file, "sockrepl", "redefine", ""));
        }
        assertEquals(2, Cli.run(dir, "", "completion", "fish").code());
    }

    /** What the script's completion function offers for a command line whose last word is being typed. */
    private List<String> completions(Path script, String... words) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                "bash",
                "-c",
                "source \"$0\"; COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sockrepl;"
                        + " printf '%s\\n' \"${COMPREPLY[@]}\"",
                script.toString()));
        command.addAll(List.of(words));
        Process bash = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, bash.waitFor(), out);
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void withoutAnAddressOrSessionFileTheDefaultSocketHereIsUsed() throws Exception {
        serve();
        Files.delete(dir.resolve(".sockrepl.json"));
        assertEquals(new Cli.Result(0, "7", ""), Cli.run(dir, "", "run", "-e", "get(7);"));
        Cli.Result status = Cli.run(dir, "", "status");
        assertEquals(0, status.code(), status.err());
        Files.createDirectories(dir.resolve("elsewhere"));
        Cli.Result nothing = Cli.run(dir.resolve("elsewhere"), "", "run", "-e", "get(7);");
        assertEquals(1, nothing.code());
        assertTrue(nothing.err().startsWith("sockrepl: no ADDRESS given, and no session file"), nothing.err());
        Cli.run(dir, "", "stop", "session.sock");
    }

    @Test
    void exitCodesAndErrorsAScriptCanRelyOn() throws Exception {
        serve("unix:" + dir.resolve("x.sock"));
        Cli.Result raised = Cli.run(dir, "int z = 0;\nget(1 / z);", "run");
        assertEquals(10, raised.code());
        assertTrue(
                raised.err().startsWith("java.lang.ArithmeticException: / by zero\n\tat (snippet:2)  get(1 / z);"),
                raised.err());
        Cli.Result compile = Cli.run(dir, "", "run", "-e", "int q = \"no\";");
        assertEquals(10, compile.code());
        assertTrue(compile.err().startsWith("snippet:1:9: error: incompatible types"), compile.err());
        Cli.Result exit = Cli.run(dir, "", "run", "-e", "System.class.getMethod(\"exit\", int.class).invoke(null, 3);");
        assertEquals(10, exit.code());
        assertTrue(exit.err().contains("System.exit(3) refused"), exit.err());
        assertTrue(server.isAlive());
        assertEquals("back", Cli.run(dir, "get(\"back\");", "run").out());

        Cli.Result usage = Cli.run(dir, "", "run", "--no-such-option");
        assertEquals(2, usage.code());
        assertEquals("sockrepl run: Unknown option: '--no-such-option'\nsee 'sockrepl run --help'\n", usage.err());
        Cli.Result codeAsAnAddress = Cli.run(dir, "", "run", "session.sock", "get(1);");
        assertEquals(2, codeAsAnAddress.code());
        assertTrue(codeAsAnAddress.err().contains("code to run goes after -e"), codeAsAnAddress.err());
        Cli.Result mistypedOption = Cli.run(dir, "", "run", "--timout=3");
        assertEquals(2, mistypedOption.code());
        assertTrue(mistypedOption.err().contains("did you mean --timeout?"), mistypedOption.err());
        assertEquals(2, mistypedOption.err().lines().count(), mistypedOption.err());
        Cli.Result gone =
                Cli.run(dir, "get(1);", "run", dir.resolve("nobody.sock").toString());
        assertEquals(1, gone.code());
        assertEquals(1, gone.err().lines().count(), gone.err());
        assertTrue(
                gone.err().startsWith("sockrepl: cannot reach a server at " + dir.resolve("nobody.sock")), gone.err());
    }

    @Test
    void aMistypedCommandIsAUsageErrorAndABareSockreplOnATerminalSaysWhatItWaitsFor() throws Exception {
        serve();
        assertEquals(
                new Cli.Result(
                        2,
                        "",
                        "sockrepl: unknown command 'stauts'; did you mean 'status'? ('sockrepl --help' lists them)\n"),
                Cli.run(dir, "", "stauts"));
        Pty pty = Pty.start(dir, Cli.command());
        try {
            Screen s = pty.screen();
            int at = s.await("reading a snippet from the terminal; end it with Ctrl+D", 0);
            s.type("get(6 * 7);\r\u0004");
            s.await("42", at);
            assertTrue(pty.process().waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, pty.process().exitValue());
        } finally {
            pty.close();
        }
        assertEquals("", Cli.run(dir, "get(1);").err(), "no prompt when the snippet comes from a pipe");
    }

    @Test
    void interruptAndTimeoutFromTheCommandLine() throws Exception {
        serve();
        Process loop = new ProcessBuilder(Cli.command("run", "-e", "while (true) { }"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        awaitRunningSnippet();
        Cli.Result interrupt = Cli.run(dir, "", "interrupt");
        assertEquals("interrupted the running snippet\n", interrupt.out());
        assertTrue(loop.waitFor(60, TimeUnit.SECONDS));
        assertEquals(10, loop.exitValue());
        assertEquals(
                "interrupted: stopped by an interrupt request\n",
                new String(loop.getInputStream().readAllBytes()));

        Cli.Result timeout = Cli.run(dir, "", "run", "--timeout", "0.3", "-e", "Thread.sleep(60000);");
        assertEquals(10, timeout.code());
        assertTrue(timeout.err().contains("timeout of 300 ms"), timeout.err());

        // a snippet that catches whatever stops it goes on: interrupt must not say it stopped
        Process stubborn = new ProcessBuilder(Cli.command(
                        "run", "-e", "while (true) { try { Thread.sleep(5); } catch (Throwable ignored) { } }"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            awaitRunningSnippet();
            Cli.Result refused = Cli.run(dir, "", "interrupt");
            assertEquals(1, refused.code(), refused.out());
            assertEquals("", refused.out());
            assertTrue(
                    refused.err().startsWith("sockrepl: interrupted the running snippet, but it still runs"),
                    refused.err());
            assertTrue(status().get("running").getAsBoolean(), "and it does");
            assertEquals(0, Cli.run(dir, "", "restart").code());
            assertTrue(stubborn.waitFor(60, TimeUnit.SECONDS), "restart ends it");
        } finally {
            stubborn.destroy();
        }
    }

    @Test
    void tcpWithTheTokenFromTheSessionFile() throws Exception {
        serve(":0");
        SessionInfo info = new SessionFile(dir.resolve(".sockrepl.json")).read().orElseThrow();
        assertEquals("127.0.0.1", info.address().host());
        assertTrue(info.address().port() > 0, "the effective port is recorded");
        assertEquals(64, info.token().length());
        assertEquals("ok", Cli.run(dir, "get(\"ok\");").out());
        Cli.Result bad = Cli.run(dir, "get(1);", "run", "--token", "wrong");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("invalid token"), bad.err());
        Path audit = Path.of(status().get("audit_log").getAsString());
        assertEquals(
                io.sockrepl.core.RuntimeDir.path(),
                audit.getParent(),
                "a TCP server's audit log is in this user's 0700 runtime directory, not in a shared /tmp");
        assertTrue(
                Files.readString(audit)
                        .lines()
                        .anyMatch(l -> l.contains("\"kind\":\"refused\"")
                                && l.contains("\"transport\":\"tcp\"")
                                && l.contains("\"reason\":\"invalid token\"")),
                "a refused token is on the record: " + Files.readString(audit));
    }

    @Test
    void aLiveServerIsNeverDisplacedAndRemoteNeedsOptIn() throws Exception {
        serve();
        Cli.Result second = Cli.run(dir, "", "serve", "-f", "-", "session.sock");
        assertEquals(1, second.code());
        assertTrue(second.out().concat(second.err()).contains("another server is already listening"), second.err());
        assertEquals("still", Cli.run(dir, "get(\"still\");").out());

        Cli.Result remote = Cli.run(dir, "", "serve", "-f", "-", "0.0.0.0:0");
        assertEquals(1, remote.code());
        assertTrue(remote.err().contains("--allow-remote"), remote.err());
    }
}
