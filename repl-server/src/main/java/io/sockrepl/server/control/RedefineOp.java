package io.sockrepl.server.control;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.redefine.RedefinitionException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * {@code redefine}: new method bodies for classes already loaded, from source or class files. The
 * response lists the redefined classes, or says in {@code refused} why nothing was changed.
 */
final class RedefineOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        JsonObject o = new JsonObject();
        JsonArray done = new JsonArray();
        long started = System.nanoTime();
        String code = request.classFiles().isEmpty()
                ? request.source()
                : "class files (" + request.classFiles().size() + ")";
        try {
            List<String> redefined;
            if (!request.classFiles().isEmpty()) {
                redefined = context.redefiner.redefineClassFiles(
                        request.classFiles().stream()
                                .map(b -> Base64.getDecoder().decode(b))
                                .toList(),
                        peer,
                        RequestedLoader.of(request));
            } else {
                String fileName = Path.of(request.path()).getFileName().toString();
                redefined = context.redefiner.redefine(
                        fileName, request.source(), request.options(), peer, RequestedLoader.of(request));
            }
            redefined.forEach(done::add);
        } catch (RedefinitionException | IllegalArgumentException e) {
            o.addProperty("refused", e.getMessage());
        }
        context.audit.record(
                peer,
                context.transport(),
                "batch",
                "redefine",
                code,
                o.has("refused") ? "refused" : "ok",
                (System.nanoTime() - started) / 1_000_000);
        o.add("redefined", done);
        return Result.of(o);
    }
}
