package io.sockrepl.cli;

import io.sockrepl.core.Address;
import io.sockrepl.core.SocketConnector;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM named by its pid: the server that runs in it, injected first when there is none. */
final class PidTarget {

    private PidTarget() {
    }

    /** Whether an ADDRESS operand names a process: digits only, and no file of that name here. */
    static boolean isPid(String operand) {
        return operand.matches("\\d{1,10}") && !Files.exists(Path.of(operand));
    }

    /** The address of the server in process {@code pid}; injects one at {@link RuntimeDir} if needed. */
    static Address reach(long pid) {
        Address socket = RuntimeDir.socketOf(pid);
        if (Files.exists(socket.path())) {
            try (SocketChannel live = SocketConnector.openChannel(socket, 1000)) {
                return socket;
            } catch (IOException leftOver) {
                // the JVM that served there is gone; a new server replaces the file
            }
        }
        RuntimeDir.create();
        Injector.Result r = new Injector(null, null, null).inject(pid, socket, "");
        if (!r.alreadyRunning()) {
            System.err.println("sockrepl: injected into process " + pid + "; serving on " + r.address());
        }
        return Addresses.parse(r.address());
    }
}
