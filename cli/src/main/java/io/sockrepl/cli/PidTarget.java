package io.sockrepl.cli;

import io.sockrepl.core.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A JVM named by its pid: the server that runs in it, injected first when there is none. */
final class PidTarget {

    private PidTarget() {}

    /** Whether an ADDRESS operand names a process: digits only, and no file of that name here. */
    static boolean isPid(String operand) {
        // a loop, not a regular expression: the first Pattern a JVM compiles costs a client's
        // start some 10 ms of method-handle set-up
        if (operand.isEmpty() || operand.length() > 10) {
            return false;
        }
        for (int i = 0; i < operand.length(); i++) {
            if (operand.charAt(i) < '0' || operand.charAt(i) > '9') {
                return false;
            }
        }
        return !Files.exists(Path.of(operand));
    }

    /**
     * The address of the server in process {@code pid}; with {@code mayInject}, one is injected at
     * {@link io.sockrepl.core.RuntimeDir} when there is none.
     *
     * @throws CliFailure when there is none and {@code mayInject} is false, saying how to start one
     */
    static Address reach(long pid, boolean mayInject) {
        Optional<Address> live = PidSockets.liveSocketOf(pid);
        if (live.isPresent()) {
            return live.get();
        }
        if (!mayInject) {
            return Injector.running(pid)
                    .map(Addresses::parse)
                    .orElseThrow(() -> new CliFailure(
                            ExitCodes.UNREACHABLE,
                            "no sockrepl server runs in process " + pid + "; 'sockrepl attach " + pid
                                    + "' starts one"));
        }
        PidSockets.createDirectory();
        Injector.Result r = new Injector(null, null, null).inject(pid, PidSockets.socketOf(pid), "");
        if (!r.alreadyRunning()) {
            System.err.println("sockrepl: injected into process " + pid + "; serving on " + r.address());
        }
        return Addresses.parse(r.address());
    }
}
