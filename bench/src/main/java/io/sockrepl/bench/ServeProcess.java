package io.sockrepl.bench;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real `sockrepl serve` (its supervisor and server JVMs) on a UNIX socket in a new directory. */
final class ServeProcess implements AutoCloseable {

    final Path dir;
    final Path socket;
    private final Process process;

    private ServeProcess(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    /** Starts it and waits until its socket is there. */
    static ServeProcess start(String name) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sockrepl-" + name);
        Path socket = dir.resolve(name + ".sock");
        // through the launcher, as a user starts it
        ProcessBuilder serve = new ProcessBuilder(
                "sh", System.getProperty("sockrepl.launcher"), "serve", "-f", "-", "--audit-log=-", socket.toString());
        serve.environment().put("SOCKREPL_JAR", System.getProperty("sockrepl.jar"));
        serve.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = serve.redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroy();
                throw new IOException("sockrepl serve did not start; see " + dir.resolve("serve.log"));
            }
            Thread.sleep(50);
        }
        return new ServeProcess(dir, socket, process);
    }

    /** The supervisor's process; the server JVMs are its children. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    SockreplClient client() {
        return SockreplClient.to(Address.unix(socket));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
