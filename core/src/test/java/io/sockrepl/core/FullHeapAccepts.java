package io.sockrepl.core;

import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link HeapRoomTest} in a JVM of its own with a small heap: accepts connections, each
 * with the heap filled to all but a few bytes, a few more each round. Says how many it accepted
 * and how many waited for room or ran out of memory first: either lets the heap go, as the server
 * lets its reserve go.
 */
public final class FullHeapAccepts {

    /** Bytes left free in round r: {@code SLACK_STEP * (r % SLACK_STEPS)}. */
    static final int SLACK_STEP = 8;

    static final int SLACK_STEPS = 200;

    private static final List<byte[]> HEAP = new ArrayList<>(100_000);
    private static byte[] slack;
    private static int heldBack;
    private static int failed;

    private FullHeapAccepts() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[1]);
        try (BoundSocket listener = BoundSocket.bind(Address.unix(Path.of(args[0])), false)) {
            listener.whenHeapFull(() -> {
                heldBack++;
                HEAP.clear();
            });
            System.out.println("listening");
            int accepted = 0;
            for (int round = 0; round < rounds; round++) {
                slack = new byte[SLACK_STEP * (round % SLACK_STEPS)];
                fillTheHeap();
                slack = null;
                try (Socket socket = accept(listener)) {
                    HEAP.clear();
                    socket.getOutputStream().write(1);
                    accepted++;
                }
            }
            System.out.println("accepted " + accepted + "; held back " + heldBack + ", failed " + failed);
        }
    }

    /** Accepts as the server does: an accept that runs out of memory lets memory go, and tries again. */
    private static Socket accept(BoundSocket listener) throws java.io.IOException {
        while (true) {
            try {
                return listener.accept();
            } catch (OutOfMemoryError e) {
                failed++;
                HEAP.clear();
            }
        }
    }

    private static void fillTheHeap() {
        for (int size = 1 << 20; size > 0; size /= 2) {
            try {
                while (true) {
                    HEAP.add(new byte[size]);
                }
            } catch (OutOfMemoryError full) {
                // on to smaller pieces
            }
        }
    }
}
