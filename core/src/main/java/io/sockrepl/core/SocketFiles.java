package io.sockrepl.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** What binding a UNIX socket does to the file system, whichever socket type binds it. */
final class SocketFiles {

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

    static void makePrivate(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }
}
