package io.sockrepl.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files the server writes secrets into (the audit log: every snippet; its own log): opened only
 * when they are this user's own, 0600 and not a link, so that no other user can plant one in a
 * shared directory to read or clobber what sockrepl writes. A new file is 0600 from its first
 * moment.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /**
     * {@code file} open for appending, created 0600 if missing.
     *
     * @throws IOException saying why, when the file is a link, another user's, or open to others
     */
    public static FileChannel append(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file,
                    Set.<OpenOption>of(
                            StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND,
                            StandardOpenOption.CREATE,
                            LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw new IOException(file + " is a symbolic link; sockrepl writes only to a file of its own");
            }
            throw e;
        }
        try {
            requireOwn(file);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Makes sure {@code file} exists as this user's own 0600 file, for a writer that opens it
     * itself (a logging library).
     */
    public static void ensure(Path file) throws IOException {
        append(file).close();
    }

    private static void requireOwn(Path file) throws IOException {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        if (!attrs.isRegularFile()) {
            throw new IOException(file + " is not a regular file; sockrepl writes only to a file of its own");
        }
        String me = System.getProperty("user.name");
        if (!attrs.owner().getName().equals(me)) {
            throw new IOException(file + " belongs to " + attrs.owner().getName() + ", not " + me
                    + "; sockrepl writes only to a file of its own (remove it, or choose another)");
        }
        if (!OWNER_ONLY.containsAll(attrs.permissions())) {
            throw new IOException(file + " can be read or written by others ("
                    + PosixFilePermissions.toString(attrs.permissions()) + "); sockrepl writes only to a 0600 file "
                    + "(chmod 600 it, or remove it)");
        }
    }
}
