package io.sockrepl.it;

import java.util.concurrent.atomic.AtomicInteger;

/** A JVM that knows nothing of sockrepl, for injection tests: some state, and it keeps running. */
public final class TargetApp {

    /** State a snippet reads and changes from outside. */
    public static final AtomicInteger STATE = new AtomicInteger(41);

    private TargetApp() {}

    /** What a redefinition from class files changes: a method whose answer is in an anonymous class. */
    public static String motto() {
        return new java.util.function.Supplier<String>() {
            @Override
            public String get() {
                return "steady";
            }
        }.get();
    }

    /** The application's own way out, which a snippet may call but not use to end the JVM. */
    public static void shutdown(int status) {
        System.exit(status);
    }

    /** Runs until told {@code exit N} on stdin, which it obeys as any application would. */
    public static void main(String[] args) throws Exception {
        System.out.println("target up");
        System.out.flush();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("exit ")) {
                shutdown(Integer.parseInt(line.substring(5).trim()));
            }
        }
        while (true) {
            Thread.sleep(1000);
        }
    }
}
