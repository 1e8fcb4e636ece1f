package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.Request;

/**
 * {@code restart}: a fresh evaluation state on the same address. In place by default; a supervised
 * server instead ends so that its supervisor starts a fresh JVM.
 */
final class RestartOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        if (!context.restartInProcess) {
            context.lifecycle.stopAccepting();
            return new Result(new JsonObject(), context.lifecycle::restartInNewJvm);
        }
        // reset before the reply, so that the client's next snippet queues behind the reset
        context.queue.reset();
        context.restarted();
        return Result.of(new JsonObject());
    }
}
