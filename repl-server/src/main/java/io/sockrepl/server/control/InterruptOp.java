package io.sockrepl.server.control;

import com.google.gson.JsonObject;
import io.sockrepl.core.Request;
import io.sockrepl.server.batch.SnippetRun;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code interrupt}: stops the snippet running now; its client gets an "interrupted" reply. Says
 * whether it stopped: a snippet that catches what stops it (a {@code catch (Throwable t)} in a
 * loop) goes on running, and the user must hear so.
 */
final class InterruptOp implements ControlOp {

    /** How long a snippet has to end once interrupted before the reply says it did not. */
    static final long STOP_WAIT_MILLIS = 2000;

    @Override
    public Result handle(ServerContext context, Request request, String peer) {
        CompletableFuture<SnippetRun> run = context.queue.interruptAndWatch("stopped by an interrupt request");
        JsonObject o = new JsonObject();
        o.addProperty("interrupted", run != null);
        if (run != null) {
            o.addProperty("stopped", ended(run));
        }
        return Result.of(o);
    }

    private static boolean ended(CompletableFuture<SnippetRun> run) {
        try {
            run.get(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.isDone();
        }
    }
}
