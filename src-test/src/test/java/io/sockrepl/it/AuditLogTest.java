package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.PeerCheck;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every request and console line that runs or changes code leaves a line in a 0600 file. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AuditLogTest {

    @TempDir
    Path dir;

    private static List<JsonObject> entries(Path log) throws Exception {
        return Files.readAllLines(log).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject())
                .toList();
    }

    @Test
    void batchRequestsConsoleLinesAndRedefinitionsAreRecordedNextToTheSocket() throws Exception {
        Path sock = dir.resolve("a.sock");
        Path log = Path.of(sock + ".audit.log");
        try (SockreplServer server =
                SockreplServer.start(ServerConfig.at(Address.unix(sock)).build())) {
            SockreplClient client = SockreplClient.to(server.address());
            client.run("int secret = 41;\nget(secret + 1);");
            client.run("int broken = \"no\";");
            client.redefine("Nowhere.java", "class Nowhere {}");
            try (RawClient c = new RawClient(server.address())) {
                Screen s = new Screen(c.socket.getInputStream(), c.socket.getOutputStream());
                int at = s.await("sockrepl> ", 0);
                s.type("6 * 7\r");
                s.await("==> 42", at);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((!Files.exists(log) || entries(log).size() < 4) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
            List<JsonObject> e = entries(log);
            assertEquals(4, e.size(), e.toString());
            for (JsonObject o : e) {
                assertTrue(o.get("peer").getAsString().matches("uid " + PeerCheck.ownUid()), o.toString());
                assertEquals("unix", o.get("transport").getAsString());
                assertTrue(o.get("sha256").getAsString().matches("[0-9a-f]{64}"), o.toString());
                assertTrue(o.has("time") && o.has("duration_ms"), o.toString());
            }
            assertEquals(
                    List.of("snippet", "snippet", "redefine", "console"),
                    e.stream().map(o -> o.get("kind").getAsString()).toList());
            assertEquals(
                    List.of("ok", "compile_error", "refused", "ok"),
                    e.stream().map(o -> o.get("outcome").getAsString()).toList());
            assertEquals("int secret = 41;", e.get(0).get("first_line").getAsString());
            assertEquals(2, e.get(0).get("lines").getAsInt());
            assertEquals("batch", e.get(0).get("session").getAsString());
            assertTrue(
                    e.get(3).get("session").getAsString().startsWith("console "),
                    e.get(3).toString());
            assertEquals("6 * 7", e.get(3).get("first_line").getAsString());
        }
    }

    @Test
    void anEmbedderMayRecordNothing() throws Exception {
        Path sock = dir.resolve("n.sock");
        try (SockreplServer server = SockreplServer.start(
                ServerConfig.at(Address.unix(sock)).auditLog(null).build())) {
            assertEquals("1", SockreplClient.to(server.address()).run("get(1);").captured());
        }
        assertFalse(Files.exists(Path.of(sock + ".audit.log")));
    }

    @Test
    void aPlantedAuditLogOrServerLogIsRefusedAndLeftAsItWas() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "the victim's own text\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));

        Path sock = dir.resolve("linked.sock");
        Files.createSymbolicLink(Path.of(sock + ".audit.log"), victim);
        Cli.Result linked = Cli.run(dir, "", "serve", "--no-standby", sock.toString());
        assertEquals(1, linked.code(), linked.err());
        assertTrue(linked.err().contains("is a symbolic link"), linked.err());

        Path open = dir.resolve("open.sock");
        Path planted = Path.of(open + ".audit.log");
        Files.writeString(planted, "");
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-rw-rw-"));
        Cli.Result readable = Cli.run(dir, "", "serve", "--no-standby", open.toString());
        assertEquals(1, readable.code(), readable.err());
        assertTrue(readable.err().contains("can be read or written by others (rw-rw-rw-)"), readable.err());
        assertEquals("", Files.readString(planted));

        try (AppProcess target = AppProcess.start(
                dir, AppProcess.java("-cp", AppProcess.classPathOf(TargetApp.class), TargetApp.class.getName()))) {
            target.await("target up");
            Path guest = dir.resolve("guest.sock");
            Files.createSymbolicLink(Path.of(guest + ".log"), victim);
            Cli.Result injected = Cli.run(dir, "", "inject", String.valueOf(target.pid()), guest.toString());
            assertEquals(1, injected.code(), injected.err());
            assertTrue(injected.err().contains("is a symbolic link"), injected.err());
            assertTrue(target.isAlive());
        }
        assertEquals("the victim's own text\n", Files.readString(victim));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertFalse(Files.exists(sock), "nothing listens where the audit log was refused");
    }
}
