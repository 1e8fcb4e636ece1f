package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.core.Address;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client built like sock_python 0.1.1's (Python, dataclasses from every reply key) against a
 * sockrepl server: plain requests must get exactly the keys that client knows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SockPythonCompatTest {

    @TempDir
    Path dir;

    private JsonObject python(Address address, String kind, String payload) throws Exception {
        Path script = dir.resolve("client.py");
        try (var in = getClass().getResourceAsStream("/sock_python_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(
                        List.of("python3", script.toString(), address.path().toString(), kind, payload))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return JsonParser.parseString(out).getAsJsonObject();
    }

    @Test
    void snippetsAndControlActionsWorkUnchanged() throws Exception {
        assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "python3 is installed");
        try (SockreplServer server = SockreplServer.start(
                ServerConfig.at(Address.unix(dir.resolve("s.sock"))).build())) {
            Address a = server.address();
            assertEquals("", python(a, "snippet", "int a = 5;").get("captured").getAsString());
            JsonObject fifteen = python(a, "snippet", "get(a * 3); System.out.println(\"not in a v1 reply\");");
            assertEquals("15", fifteen.get("captured").getAsString());
            assertEquals("", fifteen.get("exception").getAsString());
            JsonObject failed = python(a, "snippet", "get(1);\nthrow new IllegalStateException(\"boom\");");
            assertEquals("1", failed.get("captured").getAsString());
            assertTrue(failed.get("exception").getAsString().startsWith("java.lang.IllegalStateException: boom\n"));

            JsonObject status = python(a, "control", "status");
            assertEquals("status", status.get("ack").getAsString());
            assertEquals(
                    ProcessHandle.current().pid(),
                    status.getAsJsonObject("response").get("pid").getAsLong());
            assertEquals("restart", python(a, "control", "restart").get("ack").getAsString());
            assertTrue(python(a, "snippet", "get(a);")
                    .get("exception")
                    .getAsString()
                    .contains("cannot find symbol"));
            JsonObject refused = python(a, "control", "explode");
            assertEquals("explode", refused.get("ack").getAsString(), "its client prints the refusal: " + refused);
            assertEquals(
                    "unknown_control",
                    refused.getAsJsonObject("response").get("error").getAsString());
            assertEquals("stop", python(a, "control", "stop").get("ack").getAsString());
            assertEquals(SockreplServer.Termination.STOPPED, server.awaitTermination());
        }
    }
}
