package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Request;
import java.util.EnumMap;
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

        /** The answer of an op that did nothing: {@code {"refused": why}}. */
        public static Result refused(String why) {
            JsonObject o = new JsonObject();
            o.addProperty("refused", why);
            return of(o);
        }
    }

    /** @param peer who asks (peer uid and pid, or the TCP address), for records and logs */
    Result handle(ServerContext context, Request request, String peer);

    /** Every control action and the operation that serves it. */
    public static Map<ControlAction, ControlOp> all() {
        Map<ControlAction, ControlOp> ops = new EnumMap<>(ControlAction.class);
        for (ControlAction a : ControlAction.values()) {
            ops.put(a, serving(a));
        }
        return ops;
    }

    /** The operation that serves {@code action}: a switch without default, so a new action without one does not compile. */
    private static ControlOp serving(ControlAction action) {
        return switch (action) {
            case STATUS -> new StatusOp();
            case STOP -> new StopOp();
            case RESTART -> new RestartOp();
            case INTERRUPT -> new InterruptOp();
            case REDEFINE -> new RedefineOp();
            case SOURCE -> new SourceOp();
            case PATCHES -> new PatchesOp();
            case REVERT -> new RevertOp();
            case THREADS -> new ThreadsOp();
            case VM -> new VmOp();
            case HEAP -> new HeapOp();
            case HEAPDUMP -> new HeapDumpOp();
        };
    }
}
