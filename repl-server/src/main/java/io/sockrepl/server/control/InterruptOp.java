package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.Request;

/** {@code interrupt}: stops the snippet running now; its client gets an "interrupted" reply. */
final class InterruptOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject o = new JsonObject();
        o.addProperty("interrupted", context.queue.interruptRunning("stopped by an interrupt request"));
        return Result.of(o);
    }
}
