package io.sockrepl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What rules out injecting into a JVM, found before the Attach API is asked: it would otherwise
 * fail late (ten seconds of waiting for a container's JVM) and with a message about the mechanism,
 * not about what to do.
 */
final class AttachPreconditions {

    /** The oldest Java whose JVM can load sockrepl's classes (the release they are compiled for). */
    static final int OLDEST_JAVA = 17;

    private AttachPreconditions() {}

    /**
     * The JDK's attach mechanism signals the process (SIGQUIT) to wake its attach listener, which
     * ends any process that is not a JVM: nothing is sent to one that has no {@code libjvm} mapped.
     * Where its maps cannot be read (not Linux), the Attach API's own answer stands.
     */
    static void requireJvm(long pid) {
        Path maps = Path.of("/proc", String.valueOf(pid), "maps");
        try (java.util.stream.Stream<String> lines = Files.lines(maps)) {
            if (lines.anyMatch(l -> l.endsWith("/libjvm.so"))) {
                return;
            }
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            return;
        }
        throw new CliFailure(ExitCodes.UNREACHABLE, "process " + pid + " (" + name(pid) + ") is not a Java VM");
    }

    /** What the process calls itself ({@code python3}), for messages. */
    private static String name(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "comm"))
                    .strip();
        } catch (IOException e) {
            return ProcessHandle.of(pid)
                    .flatMap(p -> p.info().command())
                    .map(c -> Path.of(c).getFileName().toString())
                    .orElse("unknown");
        }
    }

    /** The JVM only answers attach requests from its own user (root cannot attach to others either). */
    static void requireSameUser(ProcessHandle process) {
        Optional<String> owner = process.info().user();
        String me = System.getProperty("user.name");
        if (owner.isPresent() && !owner.get().equals(me)) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "process " + process.pid() + " belongs to " + owner.get()
                            + "; the JVM only lets its own user attach (run sockrepl as " + owner.get() + ")");
        }
    }

    /**
     * A JVM in another mount namespace (a container) can neither read sockrepl's jar from this
     * file system nor bind a socket that is visible here.
     */
    static void requireSameMountNamespace(long pid) {
        Optional<String> theirs = namespace(Path.of("/proc", String.valueOf(pid), "ns", "mnt"));
        Optional<String> ours = namespace(Path.of("/proc/self/ns/mnt"));
        if (theirs.isPresent() && ours.isPresent() && !theirs.equals(ours)) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "process " + pid + " runs in a container (another mount "
                            + "namespace), where sockrepl's jar and socket are out of its sight; run sockrepl inside it, "
                            + "e.g. docker exec -it CONTAINER sockrepl attach " + pidInside(pid));
        }
    }

    /** @param properties the target JVM's system properties */
    static void requireSupportedJava(long pid, Properties properties) {
        int feature = feature(properties.getProperty("java.specification.version", ""));
        if (feature < OLDEST_JAVA) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "process " + pid + " runs Java "
                            + properties.getProperty("java.specification.version", "of an unknown version")
                            + "; sockrepl joins JVMs of Java " + OLDEST_JAVA
                            + " or later (run the application on a newer JDK)");
        }
    }

    /** "1.8" is Java 8, "17" is Java 17; anything unreadable counts as too old. */
    static int feature(String specificationVersion) {
        String[] parts = specificationVersion.split("\\.");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Empty where it cannot be read (no /proc, not Linux): then the Attach API's own answer stands. */
    private static Optional<String> namespace(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The pid the process has in its own namespace (the last of the NSpid line), else PID. */
    private static String pidInside(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("NSpid:"))
                    .map(line -> line.substring("NSpid:".length()).trim().split("\\s+"))
                    .map(ids -> ids[ids.length - 1])
                    .findFirst()
                    .orElse("PID");
        } catch (IOException e) {
            return "PID";
        }
    }
}
