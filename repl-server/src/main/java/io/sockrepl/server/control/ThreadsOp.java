package io.sockrepl.server.control;

import io.sockrepl.core.Request;
import io.sockrepl.server.diagnostics.ThreadsReport;

/**
 * {@code threads}: deadlocks first, then the busiest threads over an interval, with state, locks
 * and stacks ({@link ThreadsReport}); {@code refused} for arguments out of range or a thread that
 * does not exist. It waits for its interval on the connection's own thread, never for a snippet.
 */
final class ThreadsOp implements ControlOp {

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        try {
            return Result.of(ThreadsReport.toJson(ThreadsReport.take(ThreadsReport.Query.fromJson(request.args()))));
        } catch (IllegalArgumentException e) {
            return Result.refused(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.refused("the server is stopping");
        }
    }
}
