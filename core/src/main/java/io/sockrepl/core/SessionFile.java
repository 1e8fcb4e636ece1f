package io.sockrepl.core;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The session file ({@code .sockrepl.json} by default): where a server says which address it
 * listens on, so that clients started later find it without being told. It may hold a token, so it
 * is written atomically with mode 0600.
 */
public final class SessionFile {

    /** The default file name, in the current directory. */
    public static final String DEFAULT_NAME = ".sockrepl.json";

    private final Path path;

    public SessionFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** Writes the file atomically (temporary file with mode 0600, then rename). */
    public void write(SessionInfo info) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("address", info.address().toString());
        o.addProperty("pid", info.pid());
        if (info.token() != null) {
            o.addProperty("token", info.token());
        }
        o.addProperty("started_at", info.startedAt());
        Path dir = path.getParent();
        Path tmp = Files.createTempFile(
                dir,
                ".sockrepl-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, FrameCodec.toJson(o) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads the file.
     *
     * @return empty if there is no file
     * @throws IOException if the file exists but cannot be read or is not a session file
     */
    public Optional<SessionInfo> read() throws IOException {
        byte[] bytes;
        try {
            requireTrusted();
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonObject o = FrameCodec.decode(bytes);
            String token = o.has("token") ? o.get("token").getAsString() : null;
            String started = o.has("started_at") ? o.get("started_at").getAsString() : "";
            return Optional.of(new SessionInfo(
                    Address.parse(o.get("address").getAsString()), o.get("pid").getAsLong(), token, started));
        } catch (RuntimeException | FrameException e) {
            throw new IOException(path + " is not a valid sockrepl session file", e);
        }
    }

    /**
     * A session file names the socket a client sends its snippets to: one that another user wrote,
     * or could have, would hand them to that user's server.
     */
    private void requireTrusted() throws IOException {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(path, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            return;
        }
        int uid = (Integer) attrs.get("uid");
        int mode = (Integer) attrs.get("mode");
        if (uid != OwnUser.UID) {
            throw new UntrustedException(path + " belongs to another user (uid " + uid + "); not using it");
        }
        if ((mode & 0022) != 0) {
            throw new UntrustedException(
                    path + " can be written by others (mode " + Integer.toOctalString(mode & 0777) + "); not using it");
        }
    }

    /** The file exists but is not this user's alone, so nothing in it is believed. */
    public static final class UntrustedException extends IOException {
        private static final long serialVersionUID = 1L;

        UntrustedException(String message) {
            super(message);
        }
    }

    /** Removes the file if it still describes the server with this pid; another server's is kept. */
    public void deleteIfOwnedBy(long pid) {
        try {
            Optional<SessionInfo> current = read();
            if (current.isPresent() && current.get().pid() == pid) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // unreadable: it is not ours to remove
        }
    }
}
