package io.sockrepl.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * This user's own directory for what sockrepl keeps outside a directory the user chose: {@code
 * $XDG_RUNTIME_DIR/sockrepl}, else {@code ~/.sockrepl}. It is 0700 and the user's, so that no other
 * user can plant or read a file there, and nothing of sockrepl's lands directly in a shared /tmp:
 * the sockets of JVMs reached by pid, the logs and audit logs of TCP servers.
 */
public final class RuntimeDir {

    private RuntimeDir() {}

    /** The directory, without creating it. */
    public static Path path() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) {
            return Path.of(xdg, "sockrepl");
        }
        // ~ is $HOME, as in the user's shell; the JVM's user.home is the passwd entry's
        String home = System.getenv("HOME");
        if (home == null || home.isBlank() || !Path.of(home).isAbsolute()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".sockrepl");
    }

    /**
     * The directory, created 0700 if missing.
     *
     * @throws IOException saying why, when it cannot be made or exists but another user owns it or
     *     others may enter it
     */
    public static Path create() throws IOException {
        Path dir = path();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new IOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean others = attrs.permissions().stream()
                .anyMatch(p -> p != PosixFilePermission.OWNER_READ
                        && p != PosixFilePermission.OWNER_WRITE
                        && p != PosixFilePermission.OWNER_EXECUTE);
        long owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory() || others || owner != PeerCheck.ownUid()) {
            throw new IOException(
                    dir + " must be a directory of yours that only you may enter (chmod 700 " + dir + ")");
        }
        return dir;
    }
}
