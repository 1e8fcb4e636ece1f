package io.sockrepl.server.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where snippets fetch bound objects from when their variables are declared. Public only because
 * snippet code compiles against it.
 */
public final class BindingRegistry {

    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();

    private BindingRegistry() {}

    /** The object registered under {@code key}; called by the declaration of a binding. */
    public static Object lookup(String key) {
        return VALUES.get(key);
    }

    static void register(String key, Object value) {
        if (value != null) {
            VALUES.put(key, value);
        }
    }

    static void remove(String key) {
        VALUES.remove(key);
    }
}
