package io.sockrepl.server.control;

import io.sockrepl.core.Request;
import com.google.gson.JsonObject;

/** {@code interrupt}: stops the snippet running now; its client gets an "interrupted" reply. */
final class InterruptOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject o = new JsonObject();
        o.addProperty("interrupted", context.queue.interruptRunning("stopped by an interrupt request"));
        return Result.of(o);
    }
}
