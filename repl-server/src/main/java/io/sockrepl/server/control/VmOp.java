package io.sockrepl.server.control;

import io.sockrepl.core.Request;
import io.sockrepl.server.diagnostics.VmReport;

/**
 * {@code vm}: the server's JVM ({@link VmReport}): version, uptime, collector, heap, the flags that
 * matter, its command line; its system properties when {@code args} has {@code "properties": true}.
 */
final class VmOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        boolean properties = request.args() != null
                && request.args().has("properties")
                && request.args().get("properties").getAsBoolean();
        return Result.of(VmReport.take(properties));
    }
}
