package io.sockrepl.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code vm} reply as people read it, the same in {@code sockrepl vm} and the console's
 * {@code /vm}: one {@code name: value} line each, the flags and the command line indented, the
 * system properties last when the reply has them.
 */
public final class VmText {

    private VmText() {}

    public static String render(JsonObject vm) {
        StringBuilder out = new StringBuilder();
        line(
                out,
                "version",
                vm.get("version").getAsString() + ", " + vm.get("vm").getAsString());
        line(out, "java home", vm.get("java_home").getAsString());
        line(out, "pid", vm.get("pid").getAsString());
        long uptime = vm.get("uptime_ms").getAsLong();
        line(
                out,
                "uptime",
                String.format(
                        Locale.ROOT,
                        "%dd %02dh %02dm %02ds (since %s)",
                        uptime / 86_400_000,
                        uptime / 3_600_000 % 24,
                        uptime / 60_000 % 60,
                        uptime / 1000 % 60,
                        vm.get("started").getAsString()));
        line(out, "processors", vm.get("processors").getAsString());
        StringBuilder collectors = new StringBuilder();
        for (JsonElement c : vm.getAsJsonArray("collectors")) {
            collectors.append(collectors.length() == 0 ? "" : ", ").append(c.getAsString());
        }
        line(out, "collectors", collectors.toString());
        JsonObject heap = vm.getAsJsonObject("heap");
        line(
                out,
                "heap",
                mib(heap.get("used").getAsLong()) + " used, "
                        + mib(heap.get("committed").getAsLong())
                        + " committed, "
                        + (heap.get("max").getAsLong() < 0
                                ? "no"
                                : mib(heap.get("max").getAsLong()))
                        + " max");
        out.append("flags:\n");
        for (Map.Entry<String, JsonElement> f : vm.getAsJsonObject("flags").entrySet()) {
            out.append("  ")
                    .append(f.getKey())
                    .append(" = ")
                    .append(f.getValue().getAsString())
                    .append('\n');
        }
        line(out, "command", vm.get("command").getAsString());
        out.append("arguments:\n");
        for (JsonElement a : vm.getAsJsonArray("arguments")) {
            out.append("  ").append(a.getAsString()).append('\n');
        }
        if (vm.has("properties")) {
            out.append("properties:\n");
            for (Map.Entry<String, JsonElement> p :
                    vm.getAsJsonObject("properties").entrySet()) {
                out.append("  ")
                        .append(p.getKey())
                        .append(" = ")
                        .append(p.getValue().getAsString())
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append('\n');
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
