package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Request;
import java.util.Map;

/**
 * One control action of the batch protocol, as a named unit: it answers at once (never waiting for
 * a running snippet) and may act after its reply has been sent.
 */
public interface ControlOp {

    /** The response object, and what to do once it has reached the client. */
    public record Result(JsonObject response, Runnable afterReply) {
        public static Result of(JsonObject response) {
            return new Result(response, () -> {});
        }
    }

    /** @param peer who asks (peer uid and pid, or the TCP address), for records and logs */
    Result handle(ServerContext context, Request request, String peer);

    /** Every control action and the operation that serves it. */
    public static Map<ControlAction, ControlOp> all() {
        return Map.of(
                ControlAction.THREADS,
                new ThreadsOp(),
                ControlAction.STATUS,
                new StatusOp(),
                ControlAction.STOP,
                new StopOp(),
                ControlAction.RESTART,
                new RestartOp(),
                ControlAction.INTERRUPT,
                new InterruptOp(),
                ControlAction.REDEFINE,
                new RedefineOp(),
                ControlAction.SOURCE,
                new SourceOp(),
                ControlAction.PATCHES,
                new PatchesOp(),
                ControlAction.REVERT,
                new RevertOp());
    }
}
