package io.sockrepl.cli;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Makes this process another program, as a shell's {@code exec} does: the pid, the parent, the
 * terminal and the open descriptors given to it stay; the JVM goes, and nothing of it runs after
 * (no shutdown hook, no exit-time deletion).
 */
final class Exec {

    private static final int SIG_SETMASK = Platform.isMac() ? 3 : 2;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    /** All zero, so nothing blocked; longer than any platform's sigset_t (128 bytes on Linux, 4 on macOS). */
    private static final byte[] NO_SIGNALS = new byte[128];

    private interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int dup2(int from, int to) throws LastErrorException;

        int fcntl(int fd, int cmd, int arg) throws LastErrorException;

        int sigprocmask(int how, byte[] set, byte[] old) throws LastErrorException;

        int execve(String path, String[] argv, String[] envp) throws LastErrorException;
    }

    private Exec() {}

    /**
     * Runs {@code command} in this process instead of the JVM; returns only by throwing.
     *
     * @param stdin a descriptor that becomes the program's standard input, or -1 to keep ours
     * @throws IOException when the program cannot be started; the JVM runs on, with its standard
     *                     input replaced and its descriptors to close on exec, and should end
     */
    static void become(List<String> command, Map<String, String> environment, int stdin) throws IOException {
        System.out.flush();
        System.err.flush();
        String[] env = environment.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try {
            if (stdin >= 0) {
                C.INSTANCE.dup2(stdin, 0);
            }
            // The JVM blocks SIGQUIT in all its threads but one, and what is blocked stays blocked
            // across exec, down to the JVMs the program starts
            C.INSTANCE.sigprocmask(SIG_SETMASK, NO_SIGNALS, null);
            forgetPerfData();
            closeOnExec();
            C.INSTANCE.execve(command.get(0), command.toArray(String[]::new), env);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        throw new IOException("cannot run " + command.get(0));
    }

    /**
     * Marks every descriptor but standard input, output and error to close on exec. The JVM opens
     * many without that mark (its jar, /dev/random, sockets of its own), as it closes them in the
     * processes it starts; the program and every process it starts would hold them otherwise.
     */
    private static void closeOnExec() throws IOException {
        Path listed = Files.isDirectory(Path.of("/proc/self/fd")) ? Path.of("/proc/self/fd") : Path.of("/dev/fd");
        List<Integer> open;
        try (var fds = Files.list(listed)) {
            open = fds.map(f -> Integer.valueOf(f.getFileName().toString())).collect(Collectors.toList());
        }
        for (int fd : open) {
            if (fd > 2) {
                try {
                    C.INSTANCE.fcntl(fd, F_SETFD, FD_CLOEXEC);
                } catch (LastErrorException closedMeanwhile) {
                    // the listing's own descriptor, say
                }
            }
        }
    }

    /**
     * Removes the file by which tools such as jps and {@code sockrepl ps} find this JVM: it would
     * outlive the JVM, which removes it only on exit, and name the program as a JVM. HotSpot keeps
     * it in /tmp on Linux, in the user's temporary directory elsewhere.
     */
    private static void forgetPerfData() {
        Path tmp = Path.of(Platform.isLinux() ? "/tmp" : System.getProperty("java.io.tmpdir"));
        try {
            Files.deleteIfExists(tmp.resolve("hsperfdata_" + System.getProperty("user.name"))
                    .resolve(Long.toString(ProcessHandle.current().pid())));
        } catch (IOException | SecurityException e) {
            // a tool may list a JVM that is gone; nothing else depends on the file
        }
    }
}
