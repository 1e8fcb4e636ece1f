package io.sockrepl.server.console;

import com.google.gson.JsonObject;

/**
 * What the client told us about its terminal.
 *
 * @param type    the terminal type ({@code $TERM})
 * @param columns its width
 * @param rows    its height
 * @param inband  whether the keystroke stream carries control messages ({@link io.sockrepl.core.Inband})
 */
public record TerminalSpec(String type, int columns, int rows, boolean inband) {

    /** What a plain terminal (socat, nc), which says nothing about itself, is assumed to be. */
    public static TerminalSpec plain() {
        return new TerminalSpec("xterm-256color", 80, 24, false);
    }

    /** Reads the {@code attach} object of an attach frame; missing or odd values take defaults. */
    public static TerminalSpec fromAttach(JsonObject attach) {
        TerminalSpec d = plain();
        String type = attach.has("term") && attach.get("term").isJsonPrimitive()
                ? attach.get("term").getAsString() : d.type;
        return new TerminalSpec(type.isBlank() ? d.type : type, dimension(attach, "cols", d.columns),
                dimension(attach, "rows", d.rows),
                attach.has("inband") && attach.get("inband").isJsonPrimitive() && attach.get("inband").getAsBoolean());
    }

    private static int dimension(JsonObject o, String key, int fallback) {
        try {
            int v = o.get(key).getAsInt();
            return v > 0 && v < 10_000 ? v : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
