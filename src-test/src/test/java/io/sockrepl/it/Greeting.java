package io.sockrepl.it;

/** Redefined by a console test; used by nothing else. */
public final class Greeting {

    private Greeting() {}

    public static String text() {
        return "hello";
    }
}
