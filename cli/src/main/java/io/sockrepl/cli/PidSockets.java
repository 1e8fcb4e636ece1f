package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.RuntimeDir;
import io.sockrepl.core.SocketConnector;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where sockrepl puts the socket of a JVM it was asked to reach by pid: {@code PID.sock} in this
 * user's {@link RuntimeDir}, so two JVMs never clash and nothing lands in a
 * shared /tmp.
 */
final class PidSockets {

    private PidSockets() {}

    /** The socket a JVM reached by pid serves on. */
    static Address socketOf(long pid) {
        return Address.unix(RuntimeDir.path().resolve(pid + ".sock"));
    }

    /** {@link #socketOf}, when a server answers there (a file left by a JVM that died does not). */
    static Optional<Address> liveSocketOf(long pid) {
        Address socket = socketOf(pid);
        if (!Files.exists(socket.path())) {
            return Optional.empty();
        }
        try (SocketChannel probe = SocketConnector.openChannel(socket, 1000)) {
            return Optional.of(socket);
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /**
     * The runtime directory, created 0700 if missing, for an inject to bind in.
     *
     * @throws CliFailure when it exists but another user owns it or others may enter it
     */
    static Path createDirectory() {
        try {
            Path dir = RuntimeDir.create();
            sweep(dir);
            return dir;
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
        }
    }

    /** How long the logs of a JVM that is gone stay, after their last line. */
    static final Duration KEEP_LOGS = Duration.ofDays(30);

    private static final Pattern PER_PID =
            Pattern.compile("(?:tcp-)?(\\d+)(\\.sock)?(\\.log|\\.audit\\.log(\\.\\d)?)?");

    /**
     * Removes what JVMs that are gone left in the runtime directory: their sockets at once, their
     * logs and audit logs once {@link #KEEP_LOGS} has passed without a line, so that the record of
     * a JVM stays a month for whoever looks into it, and the directory does not fill up.
     */
    static void sweep(Path dir) {
        Instant old = Instant.now().minus(KEEP_LOGS);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = PER_PID.matcher(f.getFileName().toString());
                if (!m.matches() || (m.group(2) == null && m.group(3) == null)) {
                    continue;
                }
                if (ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue;
                }
                boolean socket = m.group(3) == null;
                if (socket
                        || Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS)
                                .toInstant()
                                .isBefore(old)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: what stays is swept next time
        }
    }
}
