package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Console sessions over plain sockets (as nc would connect), several at once. */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConsoleSessionsTest {

    @TempDir
    Path dir;

    SockreplServer server;
    final List<RawClient> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ConsoleServer.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (RawClient c : open) {
            c.close();
        }
        server.close();
    }

    private Screen plainTerminal(Address address) throws Exception {
        RawClient c = new RawClient(address);
        open.add(c);
        return new Screen(c.socket.getInputStream(), c.socket.getOutputStream());
    }

    @Test
    void twoThenTwentySessionsEachWithItsOwnStateAndOutput() throws Exception {
        for (int count : new int[] {2, 20}) {
            List<Screen> screens = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                screens.add(plainTerminal(server.address()));
            }
            for (int i = 0; i < count; i++) {
                screens.get(i).await("sockrepl> ", 0);
                screens.get(i).type("int id = " + (1000 + i) + ";\r");
            }
            for (int i = 0; i < count; i++) {
                screens.get(i).await("id ==> " + (1000 + i), 0);
                screens.get(i).type("System.out.println(\"out-\" + id); id * 2\r");
            }
            for (int i = 0; i < count; i++) {
                Screen s = screens.get(i);
                s.await("==> " + (2 * (1000 + i)), 0);
                String text = s.text();
                assertTrue(text.contains("out-" + (1000 + i)), text);
                for (int j = 0; j < count; j++) {
                    if (j != i) {
                        assertFalse(text.contains("out-" + (1000 + j)), "session " + i + " saw " + j + ": " + text);
                    }
                }
            }
            for (RawClient c : open) {
                c.close();
            }
            open.clear();
        }
    }

    /** It went to the host's stdout once the snippet that started the thread had returned. */
    @Test
    void whatAThreadASnippetLeftPrintsShowsInItsSession() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        int at = enter(s, "var go = new java.util.concurrent.CountDownLatch(1);", "go ==> ", 0);
        s.type("new Thread(() -> { try { go.await(); } catch (InterruptedException e) { }"
                + " System.out.println(\"late \" + \"line\"); }).start();\r");
        at = s.await("sockrepl> ", at);
        s.type("go.countDown();\r");
        s.await("late line", at);
    }

    @Test
    void saveWritesWhatListShowsAndOpenRunsAFile() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        int at = enter(s, "int saved = 20;", "saved ==> 20", 0);
        Path file = dir.resolve("session.jsh");
        at = enter(s, "/save " + file, "Saved to " + file, at);
        assertEquals("int saved = 20;\n", java.nio.file.Files.readString(file));
        java.nio.file.Files.writeString(
                dir.resolve("more.jsh"), "int opened = saved + 22;\nSystem.out.println(\"opened \" + opened);\n");
        at = enter(s, "/open " + dir.resolve("more.jsh"), "opened 42", at);
        s.type("/open " + dir.resolve("none.jsh") + "\r");
        s.await("Cannot read " + dir.resolve("none.jsh"), at);
    }

    /** As jshell's: a unique start of a command runs it, and no command ignores what it is given. */
    @Test
    void commandsRunByAUniquePrefixAndNeverIgnoreTheirArgument() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        int at = enter(s, "int alpha = 1;", "alpha ==> 1", 0);
        at = enter(s, "int beta = 2;", "beta ==> 2", at);
        int listing = s.text().length();
        at = enter(s, "/va beta", "|    int beta = 2", at);
        assertTrue(
                !s.text().substring(listing).contains("int alpha"),
                "only beta: " + s.text().substring(listing));
        at = enter(s, "/vars gamma", "Nothing here is named or numbered gamma.", at);
        at = enter(s, "/imports java.util", "/imports takes no argument", at);
        at = enter(s, "/help /save", "/save FILE: write what /list shows", at);
        s.type("/re\r");
        s.await("Did you mean one of /reset, /redefine, /revert?", at);
    }

    @Test
    void snippetsRunAgainByBangByIdAndByHowFarBack() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        int at = enter(s, "int[] c = {0};", "c ==> ", 0);
        at = enter(s, "System.out.println(\"ran \" + ++c[0]);", "ran 1", at);
        at = enter(s, "/!", "ran 2", at);
        at = enter(s, "/-1", "ran 3", at);
        s.type("/99999\r");
        s.await("No snippet 99999 (see /list).", at);
    }

    /** Types a line; waits until the screen shows {@code shows} after {@code from}, then the prompt; returns where. */
    private static int enter(Screen s, String line, String shows, int from) throws Exception {
        s.type(line + "\r");
        return s.await("sockrepl> ", s.await(shows, from));
    }

    @Test
    void batchClientsAreServedWhileAConsoleIsStuck() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        s.type("while (true) { }\r");
        Thread.sleep(500);
        SnippetResult r = SockreplClient.to(server.address()).run("get(\"served\");");
        assertEquals("served", r.captured());
        int at = s.text().length();
        s.type("\u0003");
        s.await("Interrupted.", at);
    }

    @Test
    void ctrlCStopsALineTypedAgainThatRunsWithoutCompiling() throws Exception {
        Screen s = plainTerminal(server.address());
        int at = s.await("sockrepl> ", 0);
        s.type("long[] n = {0};\r");
        at = s.await("n ==> ", at);
        String loop = "for (long i = 0; i < n[0]; i++) { Thread.onSpinWait(); }";
        s.type(loop + "\r");
        at = s.await("sockrepl> ", at);
        // a statement, not a declaration: the loop's compiled code is still what its line means
        s.type("Arrays.fill(n, Long.MAX_VALUE);\r");
        at = s.await("sockrepl> ", at);
        s.type(loop + "\r");
        Thread.sleep(500);
        s.type("\u0003");
        at = s.await("Interrupted.", at);
        s.type("Arrays.fill(n, 0); " + loop + " 6 * 7\r");
        s.await("==> 42", at);
    }

    @Test
    void keysTypedWhileASnippetRunsAreKeptForTheNextPrompt() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        s.type("Thread.sleep(1500);\r6 * 7\r/vars\r");
        s.await("==> 42", 0);
        s.await("int $", 0);
    }

    @Test
    void ctrlCAtThePromptClearsTheLine() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        s.type("this is not java");
        s.await("this is not java", 0);
        s.type("\u0003");
        int at = s.text().length();
        s.type("40 + 2\r");
        at = s.await("==> 42", at);
        assertFalse(s.text().contains("error"), s.text());
    }

    @Test
    void f1ShowsTheDocumentationOfWhatIsUnderTheCursor() throws Exception {
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        s.type("Integer.toHexString(\u001bOP");
        s.await("String Integer.toHexString(int i)", 0);
    }

    @Test
    void redefineFromTheConsole() throws Exception {
        assertEquals("hello", Greeting.text());
        Path source = dir.resolve("Greeting.java");
        java.nio.file.Files.writeString(
                source,
                java.nio.file.Files.readString(Path.of("src/test/java/io/sockrepl/it/Greeting.java"))
                        .replace("return \"hello\";", "return \"bonjour\";"));
        Screen s = plainTerminal(server.address());
        s.await("sockrepl> ", 0);
        s.type("/redefine " + source + "\r");
        s.await("Redefined io.sockrepl.it.Greeting.", 0);
        s.type("io.sockrepl.it.Greeting.text()\r");
        s.await("==> \"bonjour\"", 0);
        assertEquals("bonjour", Greeting.text(), "the running JVM's class changed");
    }

    @Test
    void bytesTypedBeforeTheDecisionReachTheConsole() throws Exception {
        RawClient c = new RawClient(server.address());
        open.add(c);
        c.send("6 * 7\r".getBytes(StandardCharsets.UTF_8));
        Screen s = new Screen(c.socket.getInputStream(), c.socket.getOutputStream());
        s.await("==> 42", 0);
    }

    @Test
    void attachFramesAreCheckedLikeBatchRequests() throws Exception {
        try (RawClient c = new RawClient(server.address())) {
            c.send(FrameCodec.encode(
                    com.google.gson.JsonParser.parseString("{\"attach\": {\"cols\": 90}, \"bogus\": 1, \"v\": 2}")
                            .getAsJsonObject()));
            assertEquals("unknown_key", c.reply().get("error").getAsString());
        }
        try (SockreplServer tcp = SockreplServer.start(
                        ServerConfig.at(Address.parse(":0")).build());
                RawClient c = new RawClient(tcp.address())) {
            c.send(FrameCodec.encode(com.google.gson.JsonParser.parseString("{\"attach\": {\"cols\": 90}, \"v\": 2}")
                    .getAsJsonObject()));
            assertEquals("unauthorized", c.reply().get("error").getAsString());
        }
    }

    @Test
    void aPlainTerminalOnTcpMustTypeTheTokenFirst() throws Exception {
        try (SockreplServer tcp = SockreplServer.start(
                ServerConfig.at(Address.parse(":0")).token("letmein").build())) {
            Screen wrong = plainTerminal(tcp.address());
            wrong.await("token: ", 0);
            wrong.type("guess\r");
            wrong.await("Wrong token; closing.", 0);
            assertFalse(wrong.text().contains("sockrepl>"), "no prompt before the token");

            Screen right = plainTerminal(tcp.address());
            right.await("token: ", 0);
            right.type("letmein\r");
            right.await("sockrepl> ", 0);
            right.type("1 + 1\r");
            right.await("==> 2", 0);
        }
    }

    @Test
    void theClientVanishingEndsTheSessionAndFreesItsThreadsAndPty() throws Exception {
        long threads = ConsoleServer.awaitAtMost(ConsoleServer::sessionThreads, 0);
        long ptys = ConsoleServer.awaitAtMost(ConsoleServer::openPtys, 0);
        Socket raw = new RawClient(server.address()).socket;
        Screen s = new Screen(raw.getInputStream(), raw.getOutputStream());
        s.await("sockrepl> ", 0);
        raw.close();
        assertEquals(
                threads,
                ConsoleServer.awaitAtMost(ConsoleServer::sessionThreads, threads),
                ConsoleServer::sessionThreadNames);
        assertEquals(ptys, ConsoleServer.awaitAtMost(ConsoleServer::openPtys, ptys));
    }
}
