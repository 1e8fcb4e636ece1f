package io.sockrepl.server.control;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.host.Engines;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;

/** {@code status}: who and where the server is, and what it is doing. */
final class StatusOp implements ControlOp {

    /** How many of the largest variables a status names while the heap is full. */
    private static final int LARGEST = 5;

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject o = new JsonObject();
        o.addProperty("pid", ProcessHandle.current().pid());
        o.addProperty("address", context.address.toString());
        o.addProperty("started_at", context.startedAt().toString());
        o.addProperty(
                "uptime_ms",
                Duration.between(context.startedAt(), Instant.now()).toMillis());
        o.addProperty("snippets_run", context.queue.completedCount());
        long runningMillis = context.queue.runningMillis();
        o.addProperty("running", runningMillis >= 0);
        o.addProperty("running_ms", Math.max(0, runningMillis));
        o.addProperty("queued", context.queue.waitingCount());
        o.addProperty("console_sessions", context.consoleSessions());
        o.addProperty("refused", context.refusals.total());
        o.addProperty("last_refusal", context.refusals.last());
        o.addProperty("java_version", Runtime.version().toString());
        o.addProperty("java_vm", System.getProperty("java.vm.name", ""));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        o.addProperty("heap_used_bytes", heap.getUsed());
        o.addProperty("heap_max_bytes", heap.getMax());
        long fullSince = context.memory.fullSinceMillis();
        o.addProperty("heap_full", fullSince > 0);
        if (fullSince > 0) {
            o.addProperty(
                    "heap_full_since", java.time.Instant.ofEpochMilli(fullSince).toString());
            o.add("largest_variables", largestVariables(context));
        }
        o.addProperty("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        o.addProperty("transport", context.address.kind().name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("log_file", context.logFile == null ? "" : context.logFile.toString());
        o.addProperty(
                "audit_log",
                context.audit.file() == null ? "" : context.audit.file().toString());
        return Result.of(o);
    }

    /** What holds the heap, as far as sockrepl's own states do: the user can drop it or restart. */
    private static JsonArray largestVariables(ServerContext context) {
        JsonArray variables = new JsonArray();
        for (Engines.HeldVariable held : context.engines.largestVariables(LARGEST)) {
            JsonObject v = new JsonObject();
            v.addProperty("name", held.variable().name());
            v.addProperty("type", held.variable().type());
            v.addProperty("bytes", held.variable().bytes());
            v.addProperty("at_least", held.variable().lowerBound());
            v.addProperty("state", held.state());
            variables.add(v);
        }
        return variables;
    }
}
