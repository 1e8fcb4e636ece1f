package io.sockrepl.it;

import java.util.concurrent.atomic.AtomicInteger;

/** A JVM that knows nothing of sockrepl, for injection tests: some state, and it keeps running. */
public final class TargetApp {

    /** State a snippet reads and changes from outside. */
    public static final AtomicInteger STATE = new AtomicInteger(41);

    private TargetApp() {
    }

    /** What a redefinition from class files changes: a method whose answer is in an anonymous class. */
    public static String motto() {
        return new java.util.function.Supplier<String>() {
            @Override
            public String get() {
                return "steady";
            }
        }.get();
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("target up");
        System.out.flush();
        while (true) {
            Thread.sleep(1000);
        }
    }
}
