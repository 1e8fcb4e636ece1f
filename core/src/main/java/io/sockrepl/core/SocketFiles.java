package io.sockrepl.core;

import java.io.IOException;
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

    /** How a socket of some kind (the JDK's channel, junixsocket's) is bound at a path. */
    interface Binder {
        void bind(Path at) throws IOException;
    }

    /**
     * Binds a socket at {@code path} with mode 0600 from the moment the path is there: bound in a
     * directory only this user may enter, made private there, then renamed into place. A chmod by
     * the final path would follow whatever another user put there between the bind and the chmod
     * (a symlink to a file of this user's). A path too long for the detour is bound in place.
     */
    static void bindPrivately(Path path, Binder binder) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Path dir = Files.createTempDirectory(
                parent,
                DETOUR_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path inside = dir.resolve(DETOUR_NAME);
            if (inside.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
                binder.bind(path);
                makePrivate(path);
                return;
            }
            binder.bind(inside);
            makePrivate(inside);
            // no REPLACE_EXISTING: a file that appeared at the path meanwhile is not ours to take
            Files.move(inside, path);
        } finally {
            Files.deleteIfExists(dir.resolve(DETOUR_NAME));
            Files.deleteIfExists(dir);
        }
    }

    private static final String DETOUR_PREFIX = ".sockrepl-";
    private static final String DETOUR_NAME = "s";

    /**
     * Whether a listener whose bound name is {@code bound} is the socket at {@code path}: the
     * name is the path, or the detour {@link #bindPrivately} bound it at before renaming it there
     * (the kernel keeps the name a socket was bound with).
     */
    static boolean boundAt(Path bound, Path path) {
        Path b = bound.toAbsolutePath();
        Path p = path.toAbsolutePath();
        if (b.equals(p)) {
            return true;
        }
        Path detour = b.getParent();
        return detour != null
                && b.getFileName().toString().equals(DETOUR_NAME)
                && detour.getFileName().toString().startsWith(DETOUR_PREFIX)
                && java.util.Objects.equals(detour.getParent(), p.getParent());
    }

    private static void makePrivate(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }
}
