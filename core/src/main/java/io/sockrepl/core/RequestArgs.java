package io.sockrepl.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Set;

/**
 * The {@code args} object of a control request, as the action's operation reads it: only the keys
 * it knows, each of the type it expects, or an {@link IllegalArgumentException} that says which
 * (the operation answers it as {@code refused}).
 */
public final class RequestArgs {

    private final String action;
    private final JsonObject args;

    private RequestArgs(String action, JsonObject args) {
        this.action = action;
        this.args = args;
    }

    /**
     * @param args  the request's {@code args}; null for none
     * @param known the keys the action takes
     * @throws IllegalArgumentException naming a key it does not take
     */
    public static RequestArgs of(ControlAction action, JsonObject args, Set<String> known) {
        JsonObject a = args == null ? new JsonObject() : args;
        for (String key : a.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown argument '" + key + "' of " + action.wireName());
            }
        }
        return new RequestArgs(action.wireName(), a);
    }

    public boolean has(String key) {
        return args.has(key);
    }

    public boolean bool(String key, boolean absent) {
        JsonPrimitive p = primitive(key);
        if (p == null) {
            return absent;
        }
        if (!p.isBoolean()) {
            throw wrongType(key, "true or false");
        }
        return p.getAsBoolean();
    }

    public long number(String key, long absent) {
        JsonPrimitive p = primitive(key);
        if (p == null) {
            return absent;
        }
        if (!p.isNumber() || p.getAsDouble() != Math.rint(p.getAsDouble())) {
            throw wrongType(key, "a whole number");
        }
        return p.getAsLong();
    }

    /** @param absent null when the key is required */
    public String string(String key, String absent) {
        JsonPrimitive p = primitive(key);
        if (p == null) {
            if (absent == null) {
                throw new IllegalArgumentException(action + " needs '" + key + "'");
            }
            return absent;
        }
        if (!p.isString()) {
            throw wrongType(key, "a string");
        }
        return p.getAsString();
    }

    private JsonPrimitive primitive(String key) {
        JsonElement e = args.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p)) {
            throw wrongType(key, "a value, not " + e);
        }
        return p;
    }

    private IllegalArgumentException wrongType(String key, String expected) {
        return new IllegalArgumentException(
                "an argument of " + action + " has the wrong type: '" + key + "' must be " + expected);
    }
}
