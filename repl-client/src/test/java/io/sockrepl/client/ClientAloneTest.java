package io.sockrepl.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.sockrepl.core.Address;
import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Replies;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client on this module's own class path, which holds core and nothing of the server: it
 * speaks the wire protocol to whatever answers it (here a peer built from core's codec, over a
 * real UNIX socket). End-to-end use against real servers is in src-test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAloneTest {

    @TempDir
    Path dir;

    @Test
    void nothingOfTheServerIsOnTheClassPath() {
        for (String server : new String[] {
            "io.sockrepl.server.SockreplServer",
            "com.pty4j.PtyProcess",
            "org.jline.terminal.Terminal",
            "picocli.CommandLine"
        }) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(server), server);
        }
    }

    @Test
    void aSnippetRequestAndItsReplyTravelTheWireProtocol() throws Exception {
        try (BoundSocket peer = BoundSocket.bind(Address.unix(dir.resolve("s.sock")), false)) {
            CompletableFuture<JsonObject> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = peer.accept()) {
                    JsonObject request = FrameCodec.read(s.getInputStream(), FrameCodec.DEFAULT_MAX_FRAME_BYTES);
                    FrameCodec.write(s.getOutputStream(), Replies.snippet("15", ""));
                    return request;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SnippetResult r = SockreplClient.to(peer.effectiveAddress()).run("get(a * 3);");
            assertEquals("15", r.captured());
            assertTrue(r.succeeded());
            assertEquals(
                    "get(a * 3);",
                    received.get(10, TimeUnit.SECONDS).get("snippet").getAsString());
        }
    }
}
