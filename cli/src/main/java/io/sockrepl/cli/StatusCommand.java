package io.sockrepl.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ByteSizes;
import io.sockrepl.core.ControlAction;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sockrepl status}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the server's pid, address, uptime, activity, JVM and heap.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        SockreplClient client = target.client();
        String response = Calls.call(() -> client.control(ControlAction.STATUS));
        System.out.println(
                output.json
                        ? response
                        : readable(JsonParser.parseString(response).getAsJsonObject()));
        return ExitCodes.OK;
    }

    static String readable(JsonObject s) {
        String activity = s.get("running").getAsBoolean()
                ? "running a snippet for " + duration(s.get("running_ms").getAsLong())
                : "idle";
        long queued = s.get("queued").getAsLong();
        return String.join(
                        "\n",
                        "address   " + s.get("address").getAsString(),
                        "pid       " + s.get("pid").getAsLong(),
                        "uptime    " + duration(s.get("uptime_ms").getAsLong()),
                        "snippets  " + s.get("snippets_run").getAsLong() + " run; " + activity
                                + (queued > 0 ? ", " + queued + " waiting" : ""),
                        "java      " + s.get("java_version").getAsString() + " ("
                                + s.get("java_vm").getAsString() + ")",
                        "heap      " + ByteSizes.of(s.get("heap_used_bytes").getAsLong()) + " used of "
                                + ByteSizes.of(s.get("heap_max_bytes").getAsLong())
                                + (s.has("heap_full") && s.get("heap_full").getAsBoolean()
                                        ? "; FULL since "
                                                + s.get("heap_full_since").getAsString()
                                                + " (a variable holds it: drop it, or restart)"
                                        : ""))
                + heldBy(s)
                + refused(s)
                + line(s, "log_file", "log       ")
                + line(s, "audit_log", "audit     ");
    }

    /** While the heap is full: the variables of sockrepl's states that hold the most of it. */
    private static String heldBy(JsonObject s) {
        if (!s.has("largest_variables")) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        String label = "\nheld by   ";
        for (var element : s.getAsJsonArray("largest_variables")) {
            JsonObject v = element.getAsJsonObject();
            lines.append(label)
                    .append(v.get("name").getAsString())
                    .append(" (")
                    .append(v.get("type").getAsString())
                    .append(", ")
                    .append(v.get("at_least").getAsBoolean() ? "at least " : "")
                    .append(ByteSizes.of(v.get("bytes").getAsLong()))
                    .append(", ")
                    .append(v.get("state").getAsString())
                    .append(")");
            label = "\n          ";
        }
        return lines.toString();
    }

    /** Only when something was refused: a count that stays 0 says nothing. */
    private static String refused(JsonObject s) {
        long refused = s.has("refused") ? s.get("refused").getAsLong() : 0;
        return refused == 0
                ? ""
                : "\nrefused   " + refused + (refused == 1 ? " connection" : " connections") + " (last: "
                        + s.get("last_refusal").getAsString() + ")";
    }

    private static String line(JsonObject s, String key, String label) {
        return s.has(key) && !s.get(key).getAsString().isEmpty()
                ? "\n" + label + s.get(key).getAsString()
                : "";
    }

    private static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        long s = millis / 1000;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
}
