package io.sockrepl.it;

import java.util.concurrent.CountDownLatch;

/** Holds a snippet running in this JVM until the test lets it go, instead of guessing with sleeps. */
public final class Gate {

    public static volatile CountDownLatch open = new CountDownLatch(1);

    private Gate() {}
}
