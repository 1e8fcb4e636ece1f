package io.sockrepl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {

    @TempDir
    Path dir;

    @Test
    void writesAtomicallyWithMode0600AndReadsBack() throws Exception {
        SessionFile f = new SessionFile(dir.resolve(".sockrepl.json"));
        SessionInfo info = new SessionInfo(Address.parse("127.0.0.1:4000"), 42, "secret", "2026-01-01T00:00:00Z");
        f.write(info);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())));
        assertEquals(info, f.read().orElseThrow());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void deletesOnlyItsOwnServersFile() throws Exception {
        SessionFile f = new SessionFile(dir.resolve("s.json"));
        f.write(new SessionInfo(Address.unix(dir.resolve("a.sock")), 7, null, ""));
        f.deleteIfOwnedBy(8);
        assertTrue(Files.exists(f.path()));
        f.deleteIfOwnedBy(7);
        assertFalse(Files.exists(f.path()));
    }

    @Test
    void missingIsEmptyAndGarbageIsAnError() throws Exception {
        SessionFile f = new SessionFile(dir.resolve("s.json"));
        assertTrue(f.read().isEmpty());
        Files.writeString(f.path(), "not json");
        assertThrows(IOException.class, f::read);
    }
}
