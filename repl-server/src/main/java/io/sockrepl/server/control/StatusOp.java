package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;

/** {@code status}: who and where the server is, and what it is doing. */
final class StatusOp implements ControlOp {

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
        }
        o.addProperty("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        o.addProperty("transport", context.address.kind().name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("log_file", context.logFile == null ? "" : context.logFile.toString());
        o.addProperty(
                "audit_log",
                context.audit.file() == null ? "" : context.audit.file().toString());
        return Result.of(o);
    }
}
