package io.sockrepl.server.control;

import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Request;
import io.sockrepl.core.RequestArgs;
import io.sockrepl.server.diagnostics.VmReport;
import java.util.Set;

/**
 * {@code vm}: the server's JVM ({@link VmReport}): version, uptime, collector, heap, the flags that
 * matter, its command line; its system properties when {@code args} has {@code "properties": true};
 * {@code refused} for any other argument.
 */
final class VmOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        try {
            RequestArgs args = RequestArgs.of(ControlAction.VM, request.args(), Set.of("properties"));
            return Result.of(VmReport.take(args.bool("properties", false)));
        } catch (IllegalArgumentException e) {
            return Result.refused(e.getMessage());
        }
    }
}
