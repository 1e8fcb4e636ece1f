package io.sockrepl.core;

import java.util.Locale;
import java.util.Optional;

/** The control actions of the batch protocol, by their wire names. */
public enum ControlAction implements WireName {
    /** Stops the server gracefully; its socket file and session file are removed. */
    STOP,
    /** Starts afresh on the same address with a new evaluation state. */
    RESTART,
    /** Reports pid, address, uptime, counters and the running snippet. */
    STATUS,
    /** Stops the snippet that is running now. */
    INTERRUPT,
    /**
     * Replaces method bodies of loaded classes from new source ({@code source}, {@code path},
     * optionally {@code options} for javac) or from class files ({@code classes}, base64).
     */
    REDEFINE,
    /** The source of a loaded class ({@code class}) as it runs now, decompiled. */
    SOURCE,
    /** Lists the redefinitions in effect. */
    PATCHES,
    /** Puts back the original bytes of a patched class ({@code class}) or of all ({@code all}). */
    REVERT,
    /**
     * The JVM's threads: deadlocks first, then the busiest over an interval, with state, locks and
     * stacks; {@code args}: {@code interval_ms}, {@code thread} (a name or id), {@code blocked},
     * {@code depth}, {@code limit}.
     */
    THREADS,
    /**
     * The server's JVM: version, uptime, collector, heap, the flags that matter, its command line;
     * {@code args}: {@code properties} for every system property too.
     */
    VM,
    /**
     * The heap's class histogram, most bytes first; {@code args}: {@code limit}, {@code live} (a
     * full GC first, then reachable objects only; otherwise every object, without a collection).
     */
    HEAP,
    /**
     * Writes the heap to {@code args.file}: a new file, 0600, in a directory only the server's
     * user may write to; {@code args.live} for reachable objects only (a full GC first).
     */
    HEAPDUMP;

    /** The name on the wire, e.g. {@code "status"}. */
    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action with this wire name, if any. */
    public static Optional<ControlAction> fromWire(String name) {
        return WireName.find(values(), name);
    }
}
