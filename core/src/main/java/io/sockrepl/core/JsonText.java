package io.sockrepl.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * Writes a Gson tree as compact JSON text, character for character as Gson's own writer does with
 * nulls left out of objects and no HTML escaping. Gson's writer is not used because its class
 * set-up (a regular expression and 32 formatted strings) cost a short-lived client 5 to 20 ms, a
 * tenth of a whole {@code sockrepl run}.
 */
final class JsonText {

    private JsonText() {}

    static String of(JsonElement value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonElement value) {
        if (value == null || value.isJsonNull()) {
            out.append("null");
        } else if (value instanceof JsonPrimitive p) {
            if (p.isBoolean()) {
                out.append(p.getAsBoolean());
            } else if (p.isNumber()) {
                out.append(number(p.getAsNumber()));
            } else {
                string(out, p.getAsString());
            }
        } else if (value instanceof JsonArray array) {
            out.append('[');
            boolean first = true;
            for (JsonElement e : array) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, e);
            }
            out.append(']');
        } else {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                if (e.getValue() == null || e.getValue().isJsonNull()) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        }
    }

    private static String number(Number n) {
        if (n instanceof Double d && (d.isNaN() || d.isInfinite())
                || n instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw new IllegalArgumentException("JSON has no " + n);
        }
        return n.toString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                // JavaScript reads these two as line ends inside a string
                case '\u2028', '\u2029' -> out.append("\\u").append(Integer.toHexString(c));
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** How many bytes {@code c} takes inside a JSON string as {@link #of} writes it, in UTF-8. */
    static int bytesOf(char c) {
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            return 2;
        }
        if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            return 6;
        }
        if (c < 0x80) {
            return 1;
        }
        // a surrogate is half of a 4-byte character
        return c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
}
