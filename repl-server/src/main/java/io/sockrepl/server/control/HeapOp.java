package io.sockrepl.server.control;

import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Request;
import io.sockrepl.core.RequestArgs;
import io.sockrepl.server.diagnostics.HeapReport;
import java.util.Set;

/**
 * {@code heap}: the class histogram ({@link HeapReport}); {@code args}: {@code limit} (default 20),
 * {@code live} (a full GC first); {@code refused} for anything else.
 */
final class HeapOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        try {
            RequestArgs args = RequestArgs.of(ControlAction.HEAP, request.args(), Set.of("live", "limit"));
            long limit = args.number("limit", 20);
            return Result.of(HeapReport.histogram(
                    args.bool("live", false), (int) Math.max(0, Math.min(Integer.MAX_VALUE, limit))));
        } catch (IllegalArgumentException e) {
            return Result.refused(e.getMessage());
        }
    }
}
