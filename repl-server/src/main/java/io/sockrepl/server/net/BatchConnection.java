package io.sockrepl.server.net;

import com.google.gson.JsonObject;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Outcome;
import io.sockrepl.core.ProtocolException;
import io.sockrepl.core.Replies;
import io.sockrepl.core.Request;
import io.sockrepl.server.batch.SnippetRun;
import io.sockrepl.server.control.ControlOp;
import io.sockrepl.server.control.ServerContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection of the batch protocol: one request, one reply, then close. Bad input gets
 * an error reply (or, where nobody is left to answer, a log line); it never reaches other clients.
 */
final class BatchConnection {

    private static final Logger LOG = LoggerFactory.getLogger(BatchConnection.class);
    /** Half the smallest send buffer a socket has by default (macOS's UNIX sockets: 8 KiB). */
    static final int INLINE_REPLY_BYTES = 4 * 1024;

    private final Socket socket;
    private final ServerContext context;
    private final Map<ControlAction, ControlOp> ops;
    private final Executor replyWriters;
    private final String peer;
    private final Strangers strangers;

    BatchConnection(
            Socket socket,
            ServerContext context,
            Strangers strangers,
            Map<ControlAction, ControlOp> ops,
            Executor replyWriters) {
        this.strangers = strangers;
        this.socket = socket;
        this.context = context;
        this.ops = ops;
        this.replyWriters = replyWriters;
        this.peer = io.sockrepl.core.PeerCheck.describe(socket);
    }

    /**
     * Answers a batch request whose frame has been read.
     *
     * @return true when a snippet's completion now owns the socket
     */
    boolean serve(JsonObject frame) throws IOException {
        Request request;
        try {
            request = Request.parse(frame);
        } catch (ProtocolException e) {
            LOG.info("{}: bad request: {}", peer, e.getMessage());
            Refusal.send(socket, frame, e.code(), e.getMessage());
            return false;
        }
        if (!Authentication.admits(context, strangers, socket, frame, request.token())) {
            return false;
        }
        socket.setSoTimeout(0);
        if (request.isSnippet()) {
            runSnippet(request);
            return true;
        }
        ControlOp.Result result = context.memory.orSpend(() -> handled(request));
        send(context.memory.orSpend(() -> FrameCodec.encode(Replies.ack(request.action(), result.response()))));
        closeQuietly();
        result.afterReply().run();
        return true;
    }

    /** The op's result; an op that fails answers that it failed, rather than leave the client without a reply. */
    private ControlOp.Result handled(Request request) {
        try {
            return ops.get(request.action()).handle(context, request, peer);
        } catch (RuntimeException e) {
            LOG.warn("{}: {} failed", peer, request.action().wireName(), e);
            return ControlOp.Result.refused(request.action().wireName() + " failed in the server: " + e);
        }
    }

    private void runSnippet(Request request) throws IOException {
        CompletableFuture<SnippetRun> run = context.queue.submit(
                request.snippet(),
                request.timeoutMillis(),
                request.loader(),
                r -> ended(request, r),
                this::watchForHangUp);
        watchForHangUp(run);
    }

    /**
     * Records, then replies: a client that has its answer finds the run in the audit log, in the
     * order its requests ran, even when the server dies right after.
     */
    private void ended(Request request, SnippetRun r) {
        if (r.error().contains("java.lang.OutOfMemoryError")) {
            // the snippet found the heap full; the request that frees it needs room to run
            context.memory.spend();
        }
        try {
            context.audit.record(
                    peer,
                    context.transport(),
                    "batch",
                    "snippet",
                    request.snippet(),
                    r.outcome().wireName(),
                    r.durationMillis());
        } catch (OutOfMemoryError e) {
            context.memory.spend();
            LOG.warn("{}: no audit record for a snippet that ran out of memory", peer);
        }
        byte[] frame = encoded(request, r);
        if (frame.length <= INLINE_REPLY_BYTES) {
            answer(frame);
        } else {
            replyWriters.execute(() -> answer(frame));
        }
    }

    /**
     * Sends the reply and closes. Called on the thread that ran the snippet for a small reply,
     * which the socket's buffer takes without waiting for the client (waking a writer thread cost
     * more than the whole evaluation of a repeated request); a larger one gets a thread of its own,
     * so that a client slow to read it holds up nobody else.
     */
    private void answer(byte[] frame) {
        try {
            send(frame);
        } catch (IOException e) {
            LOG.info("{}: went away before its reply could be sent ({})", peer, e.getMessage());
        } catch (OutOfMemoryError e) {
            context.memory.spend();
        } finally {
            closeQuietly();
        }
    }

    /**
     * Reads until the client hangs up or the reply closes the socket. A client that hangs up before
     * its reply has given up on it (Ctrl+C on `sockrepl run`, say): its snippet is withdrawn so that
     * it does not hold up everyone queued behind it. Runs on this connection's thread while its
     * snippet waits in the queue, on another while the snippet runs on this one.
     */
    private void watchForHangUp(CompletableFuture<SnippetRun> run) {
        try {
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[512];
            while (!run.isDone()) {
                if (in.read(discard) < 0) {
                    if (!run.isDone()) {
                        LOG.info("{}: hung up before its snippet finished; withdrawing it", peer);
                        context.queue.cancel(run, "the client hung up");
                    }
                    return;
                }
            }
        } catch (IOException closedByReply) {
            // the reply was sent and the socket closed: nothing more to watch
        }
    }

    /** The reply to a snippet when even the reserve could not hold it: made while there is memory. */
    private static final String NO_MEMORY = "java.lang.OutOfMemoryError: the heap is full, and sockrepl had no memory "
            + "left to build this reply (drop a variable that holds the heap, or restart)";

    private static final byte[] NO_MEMORY_REPLY = FrameCodec.encode(Replies.snippet(null, NO_MEMORY));
    private static final byte[] NO_MEMORY_RICH_REPLY =
            FrameCodec.encode(Replies.richSnippet(null, NO_MEMORY, "", "", Outcome.EXCEPTION, 0));

    /** The reply's frame, or one that says the heap is full when even the reserve cannot hold it. */
    private byte[] encoded(Request request, SnippetRun r) {
        try {
            return context.memory.orSpend(() -> FrameCodec.encode(reply(request, r)));
        } catch (OutOfMemoryError e) {
            return request.rich() ? NO_MEMORY_RICH_REPLY : NO_MEMORY_REPLY;
        }
    }

    private static JsonObject reply(Request request, SnippetRun r) {
        if (request.rich()) {
            return Replies.richSnippet(
                    r.captured(), r.error(), r.stdout(), r.stderr(), r.outcome(), r.durationMillis());
        }
        return Replies.snippet(r.captured(), r.error());
    }

    private synchronized void send(byte[] frame) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(frame);
        out.flush();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
