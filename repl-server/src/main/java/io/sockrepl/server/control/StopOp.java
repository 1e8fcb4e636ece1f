package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.Request;

/** {@code stop}: acknowledges, then stops the server and removes its socket and session files. */
final class StopOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        return new Result(new JsonObject(), () -> context.lifecycle.stop());
    }
}
