package io.sockrepl.server.diagnostics;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A heap dump written by this JVM, for the {@code heapdump} control action. A dump holds every
 * secret the application has in memory, so it goes only where this JVM's user alone could have
 * put it: an absolute path that does not exist yet, in a directory of this user's that nobody else
 * may write to, and the file is this user's alone (0600). Writing it pauses the application for as
 * long as the heap takes to write.
 */
public final class HeapDump {

    private static final Set<PosixFilePermission> OTHERS_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private HeapDump() {}

    /**
     * Writes the dump and returns its size.
     *
     * @param live a full GC first, and reachable objects only
     * @throws IllegalArgumentException saying why the place is refused, or why the JVM could not
     */
    public static long write(Path file, boolean live) {
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("the dump's path must be absolute: " + file);
        }
        Path dir = file.getParent();
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(file + " exists; a dump never replaces a file");
            }
            PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            if (!d.isDirectory()) {
                throw new IllegalArgumentException(dir + " is not a directory");
            }
            if (!d.owner().getName().equals(me)) {
                throw new IllegalArgumentException(
                        dir + " belongs to " + d.owner().getName() + ", not to " + me);
            }
            if (d.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
                throw new IllegalArgumentException(
                        dir + " may be written by others; a dump goes where only " + me + " writes");
            }
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), live);
            // HotSpot makes the file 0600; said again, should another JVM not
            Files.setPosixFilePermissions(
                    file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
