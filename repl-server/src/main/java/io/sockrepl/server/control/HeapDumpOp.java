package io.sockrepl.server.control;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.sockrepl.core.Request;
import io.sockrepl.server.diagnostics.HeapDump;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code heapdump}: the heap written to {@code args.file} by this JVM ({@link HeapDump}: a new
 * file, 0600, in a directory only this user writes); {@code live} for reachable objects only.
 * Answers {@code file} and {@code bytes}, or {@code refused}; recorded either way.
 */
final class HeapDumpOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject args = request.args() == null ? new JsonObject() : request.args();
        JsonElement file = args.get("file");
        JsonElement live = args.get("live");
        if (!Set.of("file", "live").containsAll(args.keySet())
                || !(file instanceof JsonPrimitive f && f.isString())
                || live != null && !(live instanceof JsonPrimitive l && l.isBoolean())) {
            return Result.refused("heapdump takes 'file': an absolute path, and 'live': true or false");
        }
        long started = System.nanoTime();
        Result result;
        try {
            long bytes = HeapDump.write(Path.of(file.getAsString()), live != null && live.getAsBoolean());
            JsonObject o = new JsonObject();
            o.addProperty("file", file.getAsString());
            o.addProperty("bytes", bytes);
            result = Result.of(o);
        } catch (IllegalArgumentException e) {
            result = Result.refused(e.getMessage());
        }
        context.audit.record(
                peer,
                context.transport(),
                "batch",
                "heapdump",
                file.getAsString(),
                result.response().has("refused") ? "refused" : "ok",
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }
}
