package io.sockrepl.server.control;

import java.util.function.Supplier;

/**
 * Heap kept back for the server itself. When a snippet has filled the heap (a variable that holds
 * it all), every allocation fails, and the server could answer nothing: not the snippet's reply,
 * not status, not the stop that would free it. Where an {@link OutOfMemoryError} reaches the
 * server, it lets this go, and the next collection gives it that much room to answer and to say
 * the heap is full. It takes it back once the heap has room again.
 */
public final class MemoryReserve {

    static final int BYTES = 4 << 20;

    private volatile byte[] reserve = new byte[BYTES];
    /** When the reserve was last let go, in epoch milliseconds; 0 while it is held. */
    private volatile long spentAtMillis;

    /** Lets the reserve go, where an {@link OutOfMemoryError} reached the server. */
    public void spend() {
        if (reserve != null) {
            reserve = null;
            spentAtMillis = System.currentTimeMillis();
        }
    }

    /**
     * Runs {@code work}; when it runs out of memory, lets the reserve go and runs it once more.
     *
     * @throws OutOfMemoryError when even the reserve was not enough
     */
    public <T> T orSpend(Supplier<T> work) {
        try {
            return work.get();
        } catch (OutOfMemoryError e) {
            spend();
            return work.get();
        }
    }

    /** Takes the reserve back if it was let go and the heap has room for it and as much again. */
    public void retake() {
        if (reserve != null) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (free < 2L * BYTES) {
            return;
        }
        try {
            reserve = new byte[BYTES];
            spentAtMillis = 0;
        } catch (OutOfMemoryError stillFull) {
            // not yet
        }
    }

    /** Whether the heap is full: the reserve was let go and there is no room yet to take it back. */
    public boolean heapFull() {
        retake();
        return reserve == null;
    }

    /** When the heap was last found full, in epoch milliseconds; 0 while it has room. */
    public long fullSinceMillis() {
        return heapFull() ? spentAtMillis : 0;
    }
}
