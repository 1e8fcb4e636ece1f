package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.PeerCheck;
import io.sockrepl.core.SocketConnector;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where sockrepl puts the socket of a JVM it was asked to reach by pid: {@code
 * $XDG_RUNTIME_DIR/sockrepl/PID.sock}, else {@code ~/.sockrepl/PID.sock}. The directory is this
 * user's alone (0700), so two JVMs never clash and nothing lands in a shared /tmp.
 */
final class RuntimeDir {

    private RuntimeDir() {}

    /** The directory, without creating it. */
    static Path path() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) {
            return Path.of(xdg, "sockrepl");
        }
        return Path.of(System.getProperty("user.home"), ".sockrepl");
    }

    /** The socket a JVM reached by pid serves on. */
    static Address socketOf(long pid) {
        return Address.unix(path().resolve(pid + ".sock"));
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
     * The directory, created 0700 if missing.
     *
     * @throws CliFailure when it exists but another user owns it or others may enter it
     */
    static Path create() {
        Path dir = path();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean others = attrs.permissions().stream()
                    .anyMatch(p -> p != PosixFilePermission.OWNER_READ
                            && p != PosixFilePermission.OWNER_WRITE
                            && p != PosixFilePermission.OWNER_EXECUTE);
            long owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isDirectory() || others || owner != PeerCheck.ownUid()) {
                throw new CliFailure(
                        ExitCodes.UNREACHABLE,
                        dir + " must be a directory of yours that only you may " + "enter (chmod 700 " + dir + ")");
            }
            return dir;
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "cannot create " + dir + ": " + e.getMessage());
        }
    }
}
