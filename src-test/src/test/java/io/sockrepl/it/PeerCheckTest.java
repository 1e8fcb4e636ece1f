package io.sockrepl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sockrepl.core.PeerCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes under real uids (needs root and setpriv to switch users): a server run by one
 * user refuses a client run by another, even when the socket file's mode would let it connect.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PeerCheckTest {

    private static final String SERVER_UID = "65534";
    private static final String OTHER_UID = "65533";
    /** The system's: another user cannot run one installed under root's home (pyenv's shims). */
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private static List<String> as(String uid, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        cmd.addAll(command);
        return cmd;
    }

    private Cli.Result runAs(String uid, String... args) throws Exception {
        Process p = new ProcessBuilder(as(uid, Cli.command(args)))
                .directory(dir.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Cli.Result(p.exitValue(), out, err);
    }

    @Test
    void anotherUsersClientIsRefusedAndLogged() throws Exception {
        assumeTrue(PeerCheck.ownUid() == 0, "switching users needs root");
        assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0, "setpriv is installed");
        assumeTrue(Files.isExecutable(Path.of(SYSTEM_PYTHON)), "the system has python3");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = dir.resolve("s.sock");
        Path log = dir.resolve("serve.log");
        Process server = new ProcessBuilder(as(SERVER_UID, Cli.command("serve", "-f", "-", socket.toString())))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Cli.awaitFile(socket, server);
            while (!Files.readString(log).contains("serving on")) {
                Thread.sleep(20);
            }
            assertEquals(SERVER_UID, String.valueOf(Files.getAttribute(socket, "unix:uid")));

            Cli.Result owner = runAs(SERVER_UID, "run", socket.toString(), "-e", "get(\"owner\");");
            assertEquals("owner", owner.out(), owner.err());
            Cli.Result root = Cli.run(dir, "get(\"root\");", "run", socket.toString());
            assertEquals(1, root.code(), "root's client sends nothing to another user's server: " + root.err());
            assertTrue(
                    root.err()
                            .matches("sockrepl: the server at \\S+ runs as \\S+, neither you \\(root\\) nor root: "
                                    + "sockrepl sends it nothing\n"),
                    root.err());

            Path session = dir.resolve(".sockrepl.json");
            Files.writeString(session, "{\"address\": \"" + socket + "\", \"pid\": 1}");
            Files.setAttribute(session, "unix:uid", Integer.parseInt(SERVER_UID));
            Cli.Result planted = Cli.run(dir, "get(\"secret\");", "run");
            assertEquals(1, planted.code(), planted.err());
            assertTrue(
                    planted.err()
                            .startsWith("sockrepl: " + session + " belongs to another user (uid " + SERVER_UID
                                    + "); not using it\n"),
                    planted.err());
            Files.setAttribute(session, "unix:uid", 0);
            Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rw-rw-rw-"));
            Cli.Result writable = Cli.run(dir, "get(\"secret\");", "run");
            assertTrue(
                    writable.err().startsWith("sockrepl: " + session + " can be written by others (mode 666)"),
                    writable.err());
            Files.delete(session);

            Cli.Result denied = runAs(OTHER_UID, "run", socket.toString(), "-e", "get(1);");
            assertEquals(1, denied.code());
            assertTrue(denied.err().contains("Permission denied"), "mode 0600 keeps others out: " + denied.err());

            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            Cli.Result refused = runAs(OTHER_UID, "run", socket.toString(), "-e", "get(1);");
            assertEquals(1, refused.code(), refused.err());
            assertEquals("", refused.out());
            assertTrue(
                    refused.err().contains("sockrepl sends it nothing"), "its client refuses first: " + refused.err());
            Path script = dir.resolve("client.py");
            try (var in = getClass().getResourceAsStream("/sock_python_client.py")) {
                Files.write(script, in.readAllBytes());
            }
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
            Process python = new ProcessBuilder(as(
                            OTHER_UID,
                            List.of(SYSTEM_PYTHON, script.toString(), socket.toString(), "snippet", "get(1);")))
                    .redirectErrorStream(true)
                    .start();
            String heard = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(python.waitFor(60, TimeUnit.SECONDS));
            assertTrue(
                    heard.contains("this server accepts connections from its own user and root only"),
                    "a client that sends anyway hears why, in the shape of its reply: " + heard);
            assertTrue(
                    Files.readString(log).contains("refused uid " + OTHER_UID + ": peer uid " + OTHER_UID),
                    Files.readString(log));
            Path audit = Path.of(socket + ".audit.log");
            assertTrue(
                    Files.readString(audit)
                            .lines()
                            .anyMatch(l -> l.contains("\"kind\":\"refused\"")
                                    && l.contains("\"peer\":\"uid " + OTHER_UID + "\"")),
                    "the refused peer is on the record: " + Files.readString(audit));
            assertEquals(
                    "alive",
                    runAs(SERVER_UID, "run", socket.toString(), "-e", "get(\"alive\");")
                            .out());
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
