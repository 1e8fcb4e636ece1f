package io.sockrepl.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.redefine.RedefinitionException;
import java.nio.file.Path;

/**
 * {@code redefine}: new method bodies for classes already loaded. The response lists the redefined
 * classes, or says in {@code refused} why nothing was changed.
 */
final class RedefineOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request) {
        JsonObject o = new JsonObject();
        JsonArray done = new JsonArray();
        try {
            String fileName = Path.of(request.path()).getFileName().toString();
            context.redefiner.redefine(fileName, request.source()).forEach(done::add);
        } catch (RedefinitionException e) {
            o.addProperty("refused", e.getMessage());
        }
        o.add("redefined", done);
        return Result.of(o);
    }
}
