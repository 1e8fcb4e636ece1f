package io.sockrepl.core;

import java.util.function.BooleanSupplier;

/**
 * Holds an accept on a UNIX socket back until the heap has room for it. The JDK's accept (17 and
 * 25 alike) crashes the JVM when the heap runs out at one point in it: {@code
 * UnixDomainSockets.localAddress0} copies the socket's path into an array it allocated without
 * checking that it got one. Elsewhere the JDK throws {@link OutOfMemoryError}, which the server
 * survives. So an accept begins only once a probe allocation has shown room that no other thread
 * fills in the microseconds the accept takes; until then the connection waits in the backlog.
 */
final class HeapRoom {

    /** Free heap past which no probe is made: an accept needs a few hundred bytes of it. */
    static final long PLENTY = 16 << 20;
    /** What a probe allocates while there is less. */
    static final int PROBE = 64 << 10;

    private static final long LONGEST_WAIT_MILLIS = 1000;

    private volatile Runnable whenFull = () -> {};
    /** Where a probe is kept for a moment, so that the compiler cannot leave the allocation out. */
    private volatile byte[] probe;

    /** What to run when the heap is full: let go of memory kept back for this moment. */
    void whenFull(Runnable release) {
        whenFull = release;
    }

    /**
     * Returns once the heap has room for an accept, or false once {@code stopped} says so. While
     * it has none, runs {@link #whenFull} and waits a little longer each time.
     */
    boolean await(BooleanSupplier stopped) {
        long waitMillis = 5;
        while (!stopped.getAsBoolean()) {
            if (hasRoom()) {
                return true;
            }
            whenFull.run();
            if (hasRoom()) {
                return true;
            }
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            waitMillis = Math.min(waitMillis * 2, LONGEST_WAIT_MILLIS);
        }
        return false;
    }

    private boolean hasRoom() {
        Runtime runtime = Runtime.getRuntime();
        if (runtime.maxMemory() - runtime.totalMemory() + runtime.freeMemory() >= PLENTY) {
            return true;
        }
        try {
            probe = new byte[PROBE];
            return true;
        } catch (OutOfMemoryError full) {
            return false;
        } finally {
            probe = null;
        }
    }
}
