package io.sockrepl.server.control;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.redefine.RedefinitionException;

/** {@code revert}: the original bytes of a patched class, or of all; {@code reverted} or {@code refused}. */
final class RevertOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject o = new JsonObject();
        JsonArray done = new JsonArray();
        try {
            context.redefiner
                    .revert(request.all() ? null : request.className(), RequestedLoader.of(request))
                    .forEach(done::add);
        } catch (RedefinitionException e) {
            o.addProperty("refused", e.getMessage());
        }
        context.audit.record(
                peer,
                context.transport(),
                "batch",
                "revert",
                request.all() ? "--all" : request.className(),
                o.has("refused") ? "refused" : "ok",
                0);
        o.add("reverted", done);
        return Result.of(o);
    }
}
