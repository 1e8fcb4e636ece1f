package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Request;
import io.sockrepl.core.RequestArgs;
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
        String file = null;
        long started = System.nanoTime();
        Result result;
        try {
            RequestArgs args = RequestArgs.of(ControlAction.HEAPDUMP, request.args(), Set.of("file", "live"));
            file = args.string("file", null);
            long bytes = HeapDump.write(Path.of(file), args.bool("live", false));
            JsonObject o = new JsonObject();
            o.addProperty("file", file);
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
                file == null ? "" : file,
                result.response().has("refused") ? "refused" : "ok",
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }
}
