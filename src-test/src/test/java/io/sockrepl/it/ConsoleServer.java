package io.sockrepl.it;

import io.sockrepl.core.Address;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** Counting what console sessions hold in this JVM: threads and pseudo-terminals. */
final class ConsoleServer {

    private ConsoleServer() {}

    static SockreplServer start(Path dir) throws Exception {
        return SockreplServer.start(ServerConfig.at(Address.unix(dir.resolve("c.sock")))
                .sessionFile(dir.resolve(".sockrepl.json"))
                .build());
    }

    /** Threads of console sessions and of their pty proxies. */
    static long sessionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sockrepl-console")
                        || t.getName().startsWith("sockrepl-pty"))
                .count();
    }

    /** Names and states of the session threads still alive, for failure messages. */
    static String sessionThreadNames() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("sockrepl-console")
                        || e.getKey().getName().startsWith("sockrepl-pty")
                        || java.util.Arrays.stream(e.getValue())
                                .anyMatch(f -> f.getClassName().startsWith("io.sockrepl.pty")))
                .map(e -> e.getKey().getName() + " " + e.getKey().getState() + " at "
                        + java.util.Arrays.stream(e.getValue())
                                .limit(14)
                                .map(String::valueOf)
                                .collect(java.util.stream.Collectors.joining(" < ")))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Open descriptors of this JVM that are pseudo-terminals. */
    static long openPtys() {
        return Arrays.stream(Objects.requireNonNull(new File("/proc/self/fd").listFiles()))
                .filter(f -> {
                    try {
                        String target = Files.readSymbolicLink(f.toPath()).toString();
                        return target.startsWith("/dev/pts") || target.equals("/dev/ptmx");
                    } catch (Exception e) {
                        return false;
                    }
                })
                .count();
    }

    /** Waits (bounded) until the count drops to at most {@code expected}; returns the last count. */
    static long awaitAtMost(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long n = count.getAsLong();
        while (n > expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            n = count.getAsLong();
        }
        return n;
    }
}
