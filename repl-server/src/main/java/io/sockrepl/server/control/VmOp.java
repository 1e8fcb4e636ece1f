package io.sockrepl.server.control;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.sockrepl.core.Request;
import io.sockrepl.server.diagnostics.VmReport;

/**
 * {@code vm}: the server's JVM ({@link VmReport}): version, uptime, collector, heap, the flags that
 * matter, its command line; its system properties when {@code args} has {@code "properties": true};
 * {@code refused} for any other argument.
 */
final class VmOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject args = request.args() == null ? new JsonObject() : request.args();
        JsonElement properties = args.get("properties");
        if (args.size() > (properties == null ? 0 : 1)
                || properties != null && !(properties instanceof JsonPrimitive p && p.isBoolean())) {
            return Result.refused("vm takes one argument, 'properties': true or false");
        }
        return Result.of(VmReport.take(properties != null && properties.getAsBoolean()));
    }
}
