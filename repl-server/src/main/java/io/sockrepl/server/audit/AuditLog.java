package io.sockrepl.server.audit;

import com.google.gson.JsonObject;
import io.sockrepl.core.PrivateFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail a back door must leave: one JSON line for every request and console line that runs or
 * changes code, with when, who (the peer's uid from the socket's credentials, or its TCP
 * address), over what, in which session, a digest and the first line of the code, how it ended and
 * how long it took. The file is mode 0600 and rotates at {@link #ROTATE_BYTES} into {@code .1} to
 * {@code .3}. A failure to write is logged, never passed to the client: the request already ran.
 */
public final class AuditLog implements Closeable {

    /** Where a file rotates. */
    public static final long ROTATE_BYTES = 10L * 1024 * 1024;

    private static final int KEPT = 3;
    /** The longest field a record carries (the first line of a snippet, say). */
    static final int FIELD_CHARS = 240;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    /** The file as last opened, and its identity, to notice when it was moved or deleted. */
    private FileChannel channel;

    private Object channelKey;

    private AuditLog(Path file) {
        this.file = file;
    }

    /** A log writing to {@code file}; null for none (the embedder said so). */
    public static AuditLog to(Path file) {
        return new AuditLog(file);
    }

    /**
     * Makes sure the file can be the log: this user's own, 0600, not a link (created so if missing).
     *
     * @throws IOException saying why it cannot
     */
    public void check() throws IOException {
        if (file != null) {
            PrivateFiles.ensure(file);
        }
    }

    /** The file, or null when nothing is recorded. */
    public Path file() {
        return file;
    }

    /**
     * Records one run of code.
     *
     * @param peer      who: {@code uid 1000}, or a TCP address
     * @param transport {@code unix} or {@code tcp}
     * @param session   {@code batch} or {@code console N}
     * @param kind      {@code snippet}, {@code console}, {@code redefine}, {@code revert}
     * @param code      what ran (the snippet, the console line, the redefined class names)
     * @param outcome   how it ended ({@code ok}, {@code exception}, {@code refused}...)
     */
    public void record(
            String peer,
            String transport,
            String session,
            String kind,
            String code,
            String outcome,
            long durationMillis) {
        if (file == null) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("time", Instant.now().toString());
        o.addProperty("peer", peer);
        o.addProperty("transport", transport);
        o.addProperty("session", session);
        o.addProperty("kind", kind);
        o.addProperty("sha256", digest(code));
        o.addProperty("first_line", capped(code.strip().lines().findFirst().orElse("")));
        o.addProperty("lines", code.lines().count());
        o.addProperty("outcome", outcome);
        o.addProperty("duration_ms", durationMillis);
        write(o.toString() + "\n");
    }

    /**
     * Records a connection or request the server refused: a peer of another user, a wrong or
     * missing token. Nothing ran.
     *
     * @param reason why, as the server's log says it
     */
    public void refused(String peer, String transport, String reason) {
        if (file == null) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("time", Instant.now().toString());
        o.addProperty("peer", capped(peer));
        o.addProperty("transport", transport);
        o.addProperty("kind", "refused");
        o.addProperty("reason", capped(reason));
        write(o.toString() + "\n");
    }

    /** A field of a record is at most {@link #FIELD_CHARS} characters: a line is for reading. */
    private static String capped(String field) {
        return field.length() <= FIELD_CHARS ? field : field.substring(0, FIELD_CHARS) + "…";
    }

    /**
     * Appends a line. A pending interrupt is set aside meanwhile: the file channel would close
     * itself on it and lose the record, and a stopping server interrupts the threads that record
     * the last requests.
     */
    private synchronized void write(String line) {
        boolean interrupted = Thread.interrupted();
        long before = -1;
        try {
            FileChannel out = open();
            before = out.size();
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the audit log {}: {}", file, e.toString());
            cutBackTo(before);
            close();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A line written in part (a full disk) would glue the next record to it: it goes. */
    private void cutBackTo(long size) {
        if (channel == null || size < 0) {
            return;
        }
        try {
            channel.truncate(size);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot take a partial line out of the audit log {}: {}", file, e.toString());
        }
    }

    /**
     * The file open for appending. Kept open between lines (opening it for each cost more than the
     * rest of a repeated request), and opened again when it is full, or was moved or deleted by
     * anyone, so that every line lands in the file at the path.
     */
    private FileChannel open() throws IOException {
        if (channel != null && Objects.equals(fileKey(), channelKey) && channel.size() < ROTATE_BYTES) {
            return channel;
        }
        close();
        rotateIfFull();
        channel = PrivateFiles.append(file);
        channelKey = fileKey();
        return channel;
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    /** Closes the file; a later record opens it again. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the audit log: {}", e.toString());
            }
            channel = null;
        }
    }

    private void rotateIfFull() throws IOException {
        if (!Files.exists(file) || Files.size(file) < ROTATE_BYTES) {
            return;
        }
        for (int i = KEPT - 1; i >= 1; i--) {
            Path from = sibling(i);
            if (Files.exists(from)) {
                Files.move(from, sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path sibling(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private static String digest(String code) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
