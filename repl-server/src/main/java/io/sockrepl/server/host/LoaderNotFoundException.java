package io.sockrepl.server.host;

/** A class loader was asked for by the name of a class that no loader of this JVM has. */
public final class LoaderNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public LoaderNotFoundException(String message) {
        super(message);
    }
}
