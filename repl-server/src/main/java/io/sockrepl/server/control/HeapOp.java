package io.sockrepl.server.control;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.sockrepl.core.Request;
import io.sockrepl.server.diagnostics.HeapReport;
import java.util.Set;

/**
 * {@code heap}: the class histogram ({@link HeapReport}); {@code args}: {@code limit} (default 20),
 * {@code live} (a full GC first); {@code refused} for anything else.
 */
final class HeapOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject args = request.args() == null ? new JsonObject() : request.args();
        JsonElement live = args.get("live");
        JsonElement limit = args.get("limit");
        if (!Set.of("live", "limit").containsAll(args.keySet())
                || live != null && !(live instanceof JsonPrimitive p && p.isBoolean())
                || limit != null && !(limit instanceof JsonPrimitive n && n.isNumber())) {
            return Result.refused("heap takes 'live': true or false and 'limit': a number");
        }
        try {
            return Result.of(
                    HeapReport.histogram(live != null && live.getAsBoolean(), limit == null ? 20 : limit.getAsInt()));
        } catch (IllegalArgumentException e) {
            return Result.refused(e.getMessage());
        }
    }
}
