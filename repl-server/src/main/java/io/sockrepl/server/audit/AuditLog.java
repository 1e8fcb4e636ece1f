package io.sockrepl.server.audit;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail a back door must leave: one JSON line for every request and console line that runs or
 * changes code, with when, who (the peer's uid and pid from the socket's credentials, or its TCP
 * address), over what, in which session, a digest and the first line of the code, how it ended and
 * how long it took. The file is mode 0600 and rotates at {@link #ROTATE_BYTES} into {@code .1} to
 * {@code .3}. A failure to write is logged, never passed to the client: the request already ran.
 */
public final class AuditLog {

    /** Where a file rotates. */
    public static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static final int KEPT = 3;
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;

    private AuditLog(Path file) {
        this.file = file;
    }

    /** A log writing to {@code file}; null for none (the embedder said so). */
    public static AuditLog to(Path file) {
        return new AuditLog(file);
    }

    /** The file, or null when nothing is recorded. */
    public Path file() {
        return file;
    }

    /**
     * Records one run of code.
     *
     * @param peer      who: {@code uid 1000 pid 4242}, or a TCP address
     * @param transport {@code unix} or {@code tcp}
     * @param session   {@code batch} or {@code console N}
     * @param kind      {@code snippet}, {@code console}, {@code redefine}, {@code revert}
     * @param code      what ran (the snippet, the console line, the redefined class names)
     * @param outcome   how it ended ({@code ok}, {@code exception}, {@code refused}...)
     */
    public void record(String peer, String transport, String session, String kind, String code, String outcome,
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
        o.addProperty("first_line", code.strip().lines().findFirst().orElse(""));
        o.addProperty("lines", code.lines().count());
        o.addProperty("outcome", outcome);
        o.addProperty("duration_ms", durationMillis);
        write(o.toString() + "\n");
    }

    private synchronized void write(String line) {
        try {
            rotateIfFull();
            if (!Files.exists(file)) {
                createOwnerOnly(file);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                w.write(line);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the audit log {}: {}", file, e.toString());
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

    /** Created 0600 from the start: no moment in which others may read it. */
    private static void createOwnerOnly(Path p) throws IOException {
        try {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(p);
        }
    }

    private static String digest(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
