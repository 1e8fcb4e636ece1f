package io.sockrepl.server.control;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.redefine.Patch;

/**
 * {@code patches}: the redefinitions in effect, oldest first: class, its loader, when, by whom,
 * digest, and what another agent did to it since ({@code note}, when something did).
 */
final class PatchesOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonArray list = new JsonArray();
        for (Patch p : context.redefiner.patches()) {
            JsonObject o = new JsonObject();
            o.addProperty("class", p.className());
            o.addProperty("loader", p.loader());
            o.addProperty("at", p.at().toString());
            o.addProperty("by", p.by());
            o.addProperty("digest", p.digest());
            if (p.note() != null) {
                o.addProperty("note", p.note());
            }
            list.add(o);
        }
        JsonObject o = new JsonObject();
        o.add("patches", list);
        return Result.of(o);
    }
}
