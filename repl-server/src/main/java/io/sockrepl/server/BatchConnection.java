package io.sockrepl.server;

import com.google.gson.JsonObject;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.FrameException;
import io.sockrepl.core.ProtocolException;
import io.sockrepl.core.Replies;
import io.sockrepl.core.Request;
import io.sockrepl.core.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.sockrepl.core.ControlAction;

/**
 * Serves one connection of the batch protocol: one request, one reply, then close. Bad input gets
 * an error reply (or, where nobody is left to answer, a log line); it never reaches other clients.
 */
final class BatchConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchConnection.class);
    /** How long to keep reading what a refused client still sends, so that it sees the reply. */
    private static final int DRAIN_MILLIS = 1000;

    private final Socket socket;
    private final ServerContext context;
    private final Map<ControlAction, ControlOp> ops;
    private final Executor replyWriters;
    private final String peer;

    BatchConnection(Socket socket, ServerContext context, Map<ControlAction, ControlOp> ops,
                    Executor replyWriters) {
        this.socket = socket;
        this.context = context;
        this.ops = ops;
        this.replyWriters = replyWriters;
        this.peer = context.address.isUnix() ? "local client" : String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void run() {
        boolean handedOver = false;
        try {
            handedOver = serve();
        } catch (IOException e) {
            LOG.info("{}: connection failed: {}", peer, e.getMessage());
        } finally {
            if (!handedOver) {
                closeQuietly();
            }
        }
    }

    /** Returns true when a snippet's completion now owns the socket. */
    private boolean serve() throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, context.config.requestTimeout.toMillis()));
        JsonObject frame;
        try {
            frame = FrameCodec.read(socket.getInputStream(), context.config.maxFrameBytes);
        } catch (SocketTimeoutException e) {
            LOG.info("{}: sent no request within {} ms; closed", peer, context.config.requestTimeout.toMillis());
            return false;
        } catch (FrameException e) {
            LOG.info("{}: bad frame: {}", peer, e.getMessage());
            refuse(e.reason().code(), e.getMessage());
            return false;
        }
        if (frame == null) {
            LOG.debug("{}: closed without sending a request", peer);
            return false;
        }
        Request request;
        try {
            request = Request.parse(frame);
        } catch (ProtocolException e) {
            LOG.info("{}: bad request: {}", peer, e.getMessage());
            refuse(e.code(), e.getMessage());
            return false;
        }
        if (context.token != null && !Tokens.matches(context.token, request.token())) {
            LOG.warn("{}: refused a request without a valid token", peer);
            refuse("unauthorized", request.token() == null
                    ? "this server requires a token (see the session file, --token or SOCKREPL_TOKEN)"
                    : "invalid token");
            return false;
        }
        if (request.isSnippet()) {
            runSnippet(request);
            return true;
        }
        ControlOp.Result result = ops.get(request.action()).handle(context);
        send(Replies.ack(request.action(), result.response()));
        closeQuietly();
        result.afterReply().run();
        return true;
    }

    private void runSnippet(Request request) throws IOException {
        CompletableFuture<SnippetRun> run = context.queue.submit(request.snippet(), request.timeoutMillis());
        run.thenAcceptAsync(r -> {
            try {
                send(reply(request, r));
            } catch (IOException e) {
                LOG.info("{}: went away before its reply could be sent ({})", peer, e.getMessage());
            } finally {
                closeQuietly();
            }
        }, replyWriters);
        watchForHangUp(run);
    }

    /**
     * Reads until the client hangs up or the reply closes the socket. A client that hangs up before
     * its reply has given up on it (Ctrl+C on `sockrepl run`, say): its snippet is withdrawn so that
     * it does not hold up everyone queued behind it.
     */
    private void watchForHangUp(CompletableFuture<SnippetRun> run) {
        try {
            socket.setSoTimeout(0);
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

    private static JsonObject reply(Request request, SnippetRun r) {
        if (request.rich()) {
            return Replies.richSnippet(r.captured(), r.error(), r.stdout(), r.stderr(),
                    r.outcome().wireName(), r.durationMillis());
        }
        return Replies.snippet(r.captured(), r.error());
    }

    private void refuse(String code, String message) {
        try {
            send(Replies.error(code, message));
            socket.shutdownOutput();
            drain();
        } catch (IOException e) {
            LOG.debug("{}: gone before the error reply: {}", peer, e.getMessage());
        }
    }

    /** Closing with unread input would reset the connection and could destroy the reply. */
    private void drain() throws IOException {
        socket.setSoTimeout(DRAIN_MILLIS);
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
        byte[] buf = new byte[64 * 1024];
        InputStream in = socket.getInputStream();
        try {
            while (System.nanoTime() < deadline && in.read(buf) >= 0) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            // gave it long enough
        }
    }

    private synchronized void send(JsonObject reply) throws IOException {
        FrameCodec.write(socket.getOutputStream(), reply);
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
