package io.sockrepl.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * A {@code threads} reply as people read it, the same in {@code sockrepl threads} and the
 * console's {@code /threads}: a heading, then per thread a line and its indented details (the
 * lock it waits for and its holder, the monitors it holds, its stack), each cut to the width.
 */
public final class ThreadsText {

    private ThreadsText() {}

    /** @param width the terminal's columns; 0 or less for no cut */
    public static String render(JsonObject report, int width) {
        StringBuilder out = new StringBuilder();
        JsonArray deadlocked = report.getAsJsonArray("deadlocked");
        long interval = report.get("interval_ms").getAsLong();
        out.append(fit(
                        String.format(
                                Locale.ROOT,
                                "%d threads%s; CPU %s%s%s",
                                report.get("threads").getAsInt(),
                                deadlocked.isEmpty() ? "" : ", " + deadlocked.size() + " DEADLOCKED (shown first)",
                                interval > 0 ? "in the last " + interval + " ms" : "since each thread started",
                                report.get("cpu_timed").getAsBoolean() ? "" : " (not measured by this JVM)",
                                report.has("synchronizers")
                                                && report.get("synchronizers").getAsBoolean()
                                        ? ""
                                        : "; monitors only (java.util.concurrent locks held: --synchronizers)"),
                        width))
                .append('\n');
        for (var e : report.getAsJsonArray("lines")) {
            JsonObject t = e.getAsJsonObject();
            String cpu = t.has("cpu_ms_in_interval")
                    ? String.format(
                            Locale.ROOT, "%.0f ms", t.get("cpu_ms_in_interval").getAsDouble())
                    : t.has("cpu_ms")
                            ? String.format(
                                    Locale.ROOT, "%.0f ms", t.get("cpu_ms").getAsDouble())
                            : "-";
            out.append(fit(
                            String.format(
                                    Locale.ROOT,
                                    "%s#%d %s  %s  cpu %s%s",
                                    t.get("deadlocked").getAsBoolean() ? "DEADLOCKED " : "",
                                    t.get("id").getAsLong(),
                                    '"' + t.get("name").getAsString() + '"',
                                    t.get("state").getAsString(),
                                    cpu,
                                    t.get("daemon").getAsBoolean() ? "  daemon" : ""),
                            width))
                    .append('\n');
            if (t.has("waiting_for")) {
                out.append(fit(
                                "    waiting for " + t.get("waiting_for").getAsString()
                                        + (t.has("held_by")
                                                ? ", held by "
                                                        + t.get("held_by").getAsString()
                                                : ""),
                                width))
                        .append('\n');
            }
            for (var h : t.getAsJsonArray("holds")) {
                out.append(fit("    holds " + h.getAsString(), width)).append('\n');
            }
            for (var f : t.getAsJsonArray("stack")) {
                out.append(fit("      at " + f.getAsString(), width)).append('\n');
            }
        }
        return out.toString();
    }

    private static String fit(String line, int width) {
        return width > 1 && line.length() > width ? line.substring(0, width - 1) + "…" : line;
    }
}
