package io.sockrepl.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * A {@code heap} reply as people read it, the same in {@code sockrepl heap} and the console's
 * {@code /heap}: a heading with the totals, then a row per class, most bytes first.
 */
public final class HeapText {

    private HeapText() {}

    public static String render(JsonObject heap) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%s: %,d instances, %.1f MiB in %,d classes; the %d largest:%n",
                heap.get("live").getAsBoolean()
                        ? "live objects (after a full GC)"
                        : "all objects, unreachable ones too",
                heap.get("instances").getAsLong(),
                heap.get("bytes").getAsLong() / 1048576.0,
                heap.get("classes").getAsInt(),
                heap.getAsJsonArray("rows").size()));
        out.append(String.format(Locale.ROOT, "%14s %14s  %s%n", "instances", "bytes", "class"));
        for (JsonElement e : heap.getAsJsonArray("rows")) {
            JsonObject r = e.getAsJsonObject();
            out.append(String.format(
                    Locale.ROOT,
                    "%14d %14d  %s%n",
                    r.get("instances").getAsLong(),
                    r.get("bytes").getAsLong(),
                    r.get("class").getAsString()));
        }
        return out.toString();
    }
}
