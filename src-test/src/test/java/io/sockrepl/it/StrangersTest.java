package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TCP server (which requires a token) under a flood of connections that never show one: the
 * strangers hold neither the threads nor the console slots of clients that do, and the log and the
 * audit say so in a few lines, not one per connection.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StrangersTest {

    @TempDir
    Path dir;

    Process server;
    final List<Socket> strangers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : strangers) {
            s.close();
        }
        Cli.stop(server);
    }

    private Socket stranger(SessionInfo info, byte[] first) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(info.address().host(), info.address().port()), 5000);
        if (first.length > 0) {
            s.getOutputStream().write(first);
            s.getOutputStream().flush();
        }
        strangers.add(s);
        return s;
    }

    private JsonObject status() throws Exception {
        Cli.Result r = Cli.run(dir, "", "status", "--json");
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    @Test
    void aFloodOfStrangersHoldsNoThreadOrSlotOfClientsWithTheToken() throws Exception {
        server = Cli.serveHere(dir, ":0");
        SessionInfo info = new SessionFile(dir.resolve(".sockrepl.json")).read().orElseThrow();
        SockreplClient client = SockreplClient.to(info.address()).withToken(info.token());

        // 300 connections that start a frame and say no more: beyond the server's 256 threads
        for (int i = 0; i < 300; i++) {
            stranger(info, new byte[] {0});
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("ok " + i, client.run("get(\"ok \" + " + i + ");").captured(), "request " + i);
        }

        // silent connections are terminals, which the console asks for the token
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            silent.add(stranger(info, new byte[0]));
        }
        Socket last = silent.get(silent.size() - 1);
        Screen prompt = new Screen(last.getInputStream(), last.getOutputStream());
        int at = prompt.await("token: ", 0);
        JsonObject waiting = status();
        assertEquals(0, waiting.get("console_sessions").getAsInt(), "a terminal at the token prompt holds no slot");
        prompt.type(info.token() + "\r");
        prompt.await("sockrepl> ", at);
        assertEquals(1, status().get("console_sessions").getAsInt(), "the terminal that typed the token has one");

        JsonObject after = status();
        long refused = after.get("refused").getAsLong();
        assertTrue(refused >= 300 - 16, "strangers made room for newer ones, and are counted: " + after);
        assertTrue(after.get("last_refusal").getAsString().contains("token"), after.toString());
        Cli.Result human = Cli.run(dir, "", "status");
        assertTrue(human.out().contains("refused   " + refused + " connections"), human.out());

        long logged = Files.readString(Path.of(after.get("log_file").getAsString()), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("refused"))
                .count();
        assertTrue(logged < 40, "refusals are logged a few at a time, not " + logged + " lines for " + refused);
        long audited = Files.readAllLines(Path.of(after.get("audit_log").getAsString())).stream()
                .filter(l -> l.contains("\"kind\":\"refused\""))
                .count();
        assertTrue(audited < 40, "and audited so: " + audited + " records for " + refused);
    }
}
