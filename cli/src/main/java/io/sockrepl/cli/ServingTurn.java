package io.sockrepl.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Which of a supervisor's server JVMs accepts on the listening socket they all inherit: the one
 * holding the lock on a file in the supervisor's private directory. The kernel releases a lock
 * when its process ends, however it ends, so the JVM next in line takes over the moment the
 * serving one is gone, after a kill -9 too, without polling and without the supervisor's help.
 */
final class ServingTurn {

    /** How often a standby started beside the first server JVM looks whether the file exists yet. */
    private static final long APPEAR_POLL_MILLIS = 5;

    /** Held for the life of this JVM: the lock goes with its channel. */
    private static FileChannel held;

    private ServingTurn() {}

    /** For a server JVM that serves at once: the first of a supervisor, or one started with none left. */
    static synchronized void take(Path file) throws IOException {
        // locked under another name, then moved into place: a standby, which waits for the file to
        // appear, never finds it unlocked while its predecessor starts
        Path fresh = file.resolveSibling(
                file.getFileName() + "." + ProcessHandle.current().pid());
        FileChannel channel = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.lock();
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        held = channel;
    }

    /** For a standby: waits until the file appears, and then until the JVM that holds its lock has ended. */
    static synchronized void await(Path file) throws IOException {
        try {
            while (!Files.exists(file)) {
                Thread.sleep(APPEAR_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the turn to serve");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.lock();
        held = channel;
    }
}
