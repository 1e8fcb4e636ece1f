package io.sockrepl.core;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** What binding a UNIX socket does to the file system, whichever socket type binds it. */
final class SocketFiles {

    static final int BACKLOG = 50;

    private SocketFiles() {}

    /** A socket file nobody listens on is left over from a server that died: it may go. */
    static void removeStale(Address address) throws IOException {
        Path path = address.path();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isOther()) {
            throw new BoundSocket.BindRefusedException(path + " exists and is not a socket; not replacing it");
        }
        try (var probe = SocketConnector.openChannel(address, 1000)) {
            throw new BoundSocket.BindRefusedException("another server is already listening on " + address);
        } catch (BoundSocket.BindRefusedException e) {
            throw e;
        } catch (IOException nobodyListens) {
            Files.deleteIfExists(path);
        }
    }

    /** The longest path a UNIX socket can be bound at (sun_path, with its NUL). */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    /**
     * Binds {@code channel} at {@code path} with mode 0600 from the moment the path is there: bound
     * in a directory only this user may enter, made private there, then renamed into place. A
     * chmod by the final path would follow whatever another user put there between the bind and
     * the chmod (a symlink to a file of this user's). A path too long for the detour is bound in
     * place, as before.
     */
    static void bindPrivately(ServerSocketChannel channel, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Path dir = Files.createTempDirectory(
                parent,
                ".sockrepl-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path inside = dir.resolve("s");
            if (inside.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
                channel.bind(UnixDomainSocketAddress.of(path), BACKLOG);
                makePrivate(path);
                return;
            }
            channel.bind(UnixDomainSocketAddress.of(inside), BACKLOG);
            makePrivate(inside);
            // no REPLACE_EXISTING: a file that appeared at the path meanwhile is not ours to take
            Files.move(inside, path);
        } finally {
            Files.deleteIfExists(dir.resolve("s"));
            Files.deleteIfExists(dir);
        }
    }

    static void makePrivate(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }
}
