package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.redefine.Redefiner;
import io.sockrepl.server.redefine.RedefinitionException;

/**
 * {@code source}: the source of a loaded class as it runs now, in {@code source}, with javac's
 * {@code problems} when it does not compile back as it is; or {@code refused}.
 */
final class SourceOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject o = new JsonObject();
        try {
            Redefiner.Decompiled d = context.redefiner.source(request.className(), RequestedLoader.of(request));
            o.addProperty("source", d.source());
            if (d.problems() != null) {
                o.addProperty("problems", d.problems());
            }
        } catch (RedefinitionException e) {
            o.addProperty("refused", e.getMessage());
        }
        return Result.of(o);
    }
}
