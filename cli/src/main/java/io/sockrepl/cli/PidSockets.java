package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.RuntimeDir;
import io.sockrepl.core.SocketConnector;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
            return RuntimeDir.create();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
        }
    }
}
