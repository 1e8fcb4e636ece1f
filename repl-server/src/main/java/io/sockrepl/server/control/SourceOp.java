package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.redefine.RedefinitionException;

/** {@code source}: the source of a loaded class as it runs now, in {@code source}, or {@code refused}. */
final class SourceOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject o = new JsonObject();
        try {
            o.addProperty("source", context.redefiner.source(request.className()));
        } catch (RedefinitionException e) {
            o.addProperty("refused", e.getMessage());
        }
        return Result.of(o);
    }
}
