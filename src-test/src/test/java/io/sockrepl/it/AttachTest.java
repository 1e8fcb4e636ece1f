package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.server.SockreplServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real `sockrepl attach` (and socat) under a real pseudo-terminal, against a real server. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AttachTest {

    @TempDir
    Path dir;

    SockreplServer server;
    PtyProcess client;
    Pty pty;

    @BeforeEach
    void start() throws Exception {
        server = ConsoleServer.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            closeClient();
        }
        server.close();
    }

    private void closeClient() throws Exception {
        pty.close();
    }

    private Screen run(List<String> command) throws Exception {
        pty = Pty.start(dir, command);
        client = pty.process();
        return pty.screen();
    }

    private Screen attach() throws Exception {
        Screen s = run(Cli.command("attach"));
        s.await("sockrepl> ", 0);
        return s;
    }

    @Test
    void aConsoleSessionAsAPersonUsesIt() throws Exception {
        Screen s = attach();
        assertTrue(s.text().contains("sockrepl console, session"), s.text());
        int at = s.text().length();
        s.type("1 + 2\r");
        at = s.await("==> 3", at);
        s.type("String greet(String who) {\r");
        at = s.await("...> ", at);
        s.type("return \"hello \" + who;\r}\r");
        at = s.await("created method greet(String)", at);
        s.type("greet(\"sock\")\r");
        at = s.await("==> \"hello sock\"", at);

        s.type("System.currentTi\t");
        at = s.await("System.currentTimeMillis(", at);
        s.type("\u0015");

        s.type("int kept = 7;\r");
        at = s.await("kept ==> 7", at);
        at = s.await("sockrepl> ", at);
        s.type("while (true) { }\r");
        at = s.await("while (true) { }", at);
        Thread.sleep(500);
        s.type("\u0003");
        at = s.await("Interrupted.", at);
        s.type("kept * 6\r");
        at = s.await("==> 42", at);

        s.type("System.out.println(\"printed here\");\r");
        at = s.await("printed here", at);
        s.type("throw new IllegalStateException(\"boom\");\r");
        at = s.await("java.lang.IllegalStateException: boom", at);

        client.setWinSize(new WinSize(123, 41));
        Thread.sleep(300);
        s.type("terminal.getWidth() + \"x\" + terminal.getHeight()\r");
        at = s.await("==> \"123x41\"", at);

        s.type("/vars\r");
        at = s.await("int kept = 7", at);
        s.type("/nosuch\r");
        at = s.await("No such command: /nosuch", at);
        at = s.await("sockrepl> ", at);

        s.type("\u0004");
        s.await("Goodbye.", at);
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, client.exitValue());
    }

    @Test
    void socatInRawModeGetsTheSameConsole() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(Path.of("/usr/bin/socat")),
                "socat is installed (.ci/run installs it)");
        Screen s = run(List.of(
                "socat", "-,raw,echo=0", "UNIX-CONNECT:" + server.address().path()));
        s.await("sockrepl> ", 0);
        int at = s.text().length();
        s.type("int x = 20;\rx + 22\r");
        at = s.await("==> 42", at);
        s.type("System.currentTi\t");
        at = s.await("System.currentTimeMillis(", at);
        s.type("\u0015Thread.sleep(60_000);\r");
        at = s.await("Thread.sleep(60_000);", at);
        Thread.sleep(800);
        s.type("\u0003");
        at = s.await("Interrupted.", at);
        at = s.await("sockrepl> ", at);
        s.type("/exit\r");
        s.await("Goodbye.", at);
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void killingTheClientLeavesNoThreadsOrPtysBehind() throws Exception {
        long threadsBefore = ConsoleServer.awaitAtMost(ConsoleServer::sessionThreads, 0);
        long ptysBefore = ConsoleServer.awaitAtMost(ConsoleServer::openPtys, 0);
        Screen s = attach();
        s.type("while (true) { }\r");
        Thread.sleep(500);
        assertTrue(ConsoleServer.sessionThreads() > threadsBefore);
        assertTrue(ConsoleServer.openPtys() > ptysBefore);
        closeClient();
        assertEquals(
                threadsBefore,
                ConsoleServer.awaitAtMost(ConsoleServer::sessionThreads, threadsBefore),
                ConsoleServer::sessionThreadNames);
        assertEquals(
                ptysBefore,
                ConsoleServer.awaitAtMost(ConsoleServer::openPtys, ptysBefore),
                ConsoleServer::sessionThreadNames);
        assertEquals(
                "batch",
                SockreplClient.to(server.address()).run("get(\"batch\");").captured());
    }

    @Test
    void sigtermRestoresTheLocalTerminal() throws Exception {
        Screen s = attach();
        String tty = ((com.pty4j.unix.UnixPtyProcess) client).getPty().getSlaveName();
        assertTrue(stty(tty).contains("-icanon"), "raw while attached");
        ProcessHandle.of(client.pid()).orElseThrow().destroy();
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        String after = stty(tty);
        assertTrue(after.contains(" icanon") && after.contains(" echo "), after);
    }

    private static String stty(String tty) throws Exception {
        Process p = new ProcessBuilder("stty", "-a", "-F", tty)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).replace('\n', ' ');
        p.waitFor();
        return " " + out + " ";
    }

    /** serve's JVM restarted, killed, then stopped under an attached terminal: each said as it was. */
    @Test
    void aSessionWhoseServerGoesAwayEndsWithExitOneAndSaysWhy() throws Exception {
        Path served = dir.resolve("served");
        java.nio.file.Files.createDirectories(served);
        Process serve = Cli.serveHere(served, "unix:" + served.resolve("s.sock"));
        try {
            String sock = served.resolve("s.sock").toString();
            Screen s = run(Cli.command("attach", sock));
            int at = s.await("sockrepl> ", 0);
            assertEquals(0, Cli.run(served, "", "restart").code());
            s.await("sockrepl: the server went away: it restarted (a server answers at " + sock + " again", at);
            assertTrue(client.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, client.exitValue());
            closeClient();

            // a JVM that dies says nothing; serve's supervisor starts the next one
            s = run(Cli.command("attach", sock));
            at = s.await("sockrepl> ", 0);
            long serving = com.google.gson.JsonParser.parseString(
                            Cli.run(served, "", "status", "--json").out())
                    .getAsJsonObject()
                    .get("pid")
                    .getAsLong();
            assertTrue(ProcessHandle.of(serving).orElseThrow().destroyForcibly());
            s.await(
                    "sockrepl: the server went away: its JVM ended without a word (a new server answers at " + sock,
                    at);
            assertTrue(client.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, client.exitValue());
            closeClient();

            s = run(Cli.command("attach", sock));
            at = s.await("sockrepl> ", 0);
            assertEquals(0, Cli.run(served, "", "stop").code());
            s.await(
                    "sockrepl: the server went away: it was stopped, and its JVM ended (nothing answers at " + sock
                            + ")",
                    at);
            assertTrue(client.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, client.exitValue());
        } finally {
            Cli.stop(serve);
        }
    }

    @Test
    void attachWithNoServerSaysSoInOneLine() throws Exception {
        server.close();
        Screen s = run(Cli.command("attach", dir.resolve("nobody.sock").toString()));
        assertTrue(client.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, client.exitValue());
        s.await("sockrepl: cannot reach a server at", 0);
    }
}
