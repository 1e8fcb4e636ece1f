package io.sockrepl.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void rotatesIntoThreeOlderFilesAllOwnerOnly() throws Exception {
        Path file = dir.resolve("s.audit.log");
        AuditLog log = AuditLog.to(file);
        // many lines: a record's fields are capped, so a long snippet makes a short line
        String bigLine = "x".repeat(300) + "\n".repeat(1000);
        log.record("uid 1", "unix", "batch", "snippet", bigLine, "ok", 1);
        long recordBytes = Files.size(file);
        assertTrue(recordBytes < 600, "a capped record: " + Files.readString(file));
        assertTrue(Files.readString(file).contains("\"first_line\":\"" + "x".repeat(240) + "…\""), "capped");
        assertTrue(Files.readString(file).contains("\"lines\":1000"), "the whole count of lines");
        long perFile = AuditLog.ROTATE_BYTES / recordBytes + 1;
        for (long i = 0; i < perFile * 5; i++) {
            log.record("uid 1", "unix", "batch", "snippet", bigLine, "ok", 1);
        }
        for (String name : new String[] {"s.audit.log", "s.audit.log.1", "s.audit.log.2", "s.audit.log.3"}) {
            Path p = dir.resolve(name);
            assertTrue(Files.exists(p), name);
            assertTrue(Files.size(p) <= AuditLog.ROTATE_BYTES + recordBytes, name + " " + Files.size(p));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), name);
        }
        assertFalse(Files.exists(dir.resolve("s.audit.log.4")), "three older files are kept");
    }

    /** A stopping server interrupts the threads that record its last requests. */
    @Test
    void aRecordMadeOnAnInterruptedThreadIsKeptAndSoIsTheInterrupt() throws Exception {
        Path file = dir.resolve("i.audit.log");
        try (AuditLog log = AuditLog.to(file)) {
            log.record("uid 1 pid 2", "unix", "batch", "snippet", "before();", "ok", 1);
            Thread.currentThread().interrupt();
            log.record("uid 1 pid 2", "unix", "batch", "snippet", "interrupted();", "ok", 1);
            assertTrue(Thread.interrupted(), "the interrupt is still there for the caller");
            log.record("uid 1 pid 2", "unix", "batch", "snippet", "after();", "ok", 1);
            String lines = Files.readString(file);
            assertTrue(
                    lines.contains("before();") && lines.contains("interrupted();") && lines.contains("after();"),
                    lines);
        }
    }

    @Test
    void aFileMovedOrDeletedByAnyoneIsStartedAgainAtThePath() throws Exception {
        Path file = dir.resolve("m.audit.log");
        try (AuditLog log = AuditLog.to(file)) {
            log.record("uid 1 pid 2", "unix", "batch", "snippet", "first();", "ok", 1);
            Files.move(file, dir.resolve("m.audit.log.old"));
            log.record("uid 1 pid 2", "unix", "batch", "snippet", "second();", "ok", 1);
            assertTrue(Files.readString(file).contains("second();"), "logrotate moved it: a new file");
            assertFalse(Files.readString(dir.resolve("m.audit.log.old")).contains("second();"));
            Files.delete(file);
            log.record("uid 1 pid 2", "unix", "batch", "snippet", "third();", "ok", 1);
            assertEquals(1, Files.readAllLines(file).size(), "deleted: a new file");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void theFirstLineAndTheDigestStandForTheCode() throws Exception {
        Path file = dir.resolve("d.audit.log");
        AuditLog.to(file)
                .record("uid 1 pid 2", "tcp", "console 3", "console", "\n  first();\nsecond();", "exception", 5);
        String line = Files.readString(file);
        assertTrue(line.contains("\"first_line\":\"first();\""), line);
        assertTrue(
                line.contains("\"sha256\":\""
                        + java.util.HexFormat.of()
                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest("\n  first();\nsecond();"
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
                line);
        assertTrue(line.endsWith("}\n"), line);
    }
}
