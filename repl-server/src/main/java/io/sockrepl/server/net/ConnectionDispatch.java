package io.sockrepl.server.net;

import com.google.gson.JsonObject;
import io.sockrepl.core.AttachRequest;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.ErrorCode;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.FrameException;
import io.sockrepl.core.ProtocolException;
import io.sockrepl.server.console.ConsoleEnvironment;
import io.sockrepl.server.console.ConsoleSession;
import io.sockrepl.server.control.ControlOp;
import io.sockrepl.server.control.ServerContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a new connection is. A first frame with {@code snippet} or {@code control} is a
 * batch request; one with {@code attach} is `sockrepl attach`. Silence for a short grace period,
 * or a first byte that cannot start a frame (a length below 16 MiB starts with 0x00; a longer one
 * comes with its header and the body's opening brace at once), is a plain terminal such as socat or
 * nc, which gets a console. Bytes read while deciding reach the console.
 */
final class ConnectionDispatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDispatch.class);
    static final int GRACE_MILLIS = 150;
    /** A frame's header and the first byte of its body. */
    private static final int FRAME_START = 5;

    private final Socket socket;
    private final ServerContext context;
    private final Map<ControlAction, ControlOp> ops;
    private final Executor replyWriters;
    private final ConsoleEnvironment console;

    ConnectionDispatch(
            Socket socket,
            ServerContext context,
            Map<ControlAction, ControlOp> ops,
            Executor replyWriters,
            ConsoleEnvironment console) {
        this.socket = socket;
        this.context = context;
        this.ops = ops;
        this.replyWriters = replyWriters;
        this.console = console;
    }

    @Override
    public void run() {
        boolean handedOver = false;
        try {
            handedOver = dispatch();
        } catch (IOException e) {
            LOG.info("connection failed: {}", e.getMessage());
        } catch (OutOfMemoryError e) {
            // a snippet has filled the heap: the reserve lets the next requests be answered
            context.memory.spend();
        } finally {
            if (!handedOver) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }

    /** Returns true when someone else now owns the socket. */
    private boolean dispatch() throws IOException {
        context.memory.retake();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(GRACE_MILLIS);
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException silent) {
            return console(new byte[0], AttachRequest.PLAIN, null);
        }
        if (first < 0) {
            LOG.debug("closed without sending anything");
            return false;
        }
        byte[] head = {(byte) first};
        if (first != 0) {
            head = withAvailable(in, first);
            if (!isLargeFrame(head)) {
                return console(head, AttachRequest.PLAIN, null);
            }
        }
        socket.setSoTimeout((int)
                Math.min(Integer.MAX_VALUE, context.limits.requestTimeout().toMillis()));
        JsonObject frame;
        try {
            frame = FrameCodec.readAfter(head, in, context.limits.maxFrameBytes());
        } catch (SocketTimeoutException e) {
            LOG.info(
                    "sent an incomplete request and then nothing for {} ms; closed",
                    context.limits.requestTimeout().toMillis());
            return false;
        } catch (FrameException e) {
            LOG.info("bad frame: {}", e.getMessage());
            Refusal.send(socket, null, e.code(), e.getMessage());
            return false;
        }
        if (AttachRequest.isAttach(frame)) {
            return attach(frame);
        }
        return new BatchConnection(socket, context, ops, replyWriters).serve(frame);
    }

    /**
     * {@code first} and the next four bytes when they came with it: a frame of 16 MiB or more
     * starts with a byte other than NUL, but its header and body arrive in one write, while a
     * person types one key at a time.
     */
    private static byte[] withAvailable(InputStream in, int first) throws IOException {
        if (in.available() < FRAME_START - 1) {
            return new byte[] {(byte) first};
        }
        byte[] head = new byte[FRAME_START];
        head[0] = (byte) first;
        int got = 1;
        while (got < head.length) {
            int n = in.read(head, got, head.length - got);
            if (n < 0) {
                return java.util.Arrays.copyOf(head, got);
            }
            got += n;
        }
        return head;
    }

    /** A 4-byte length below 2 GiB, then the start of a JSON object. */
    private static boolean isLargeFrame(byte[] head) {
        return head.length == FRAME_START && head[0] > 0 && head[4] == '{';
    }

    private boolean attach(JsonObject frame) throws IOException {
        AttachRequest request;
        try {
            request = AttachRequest.parse(frame);
        } catch (ProtocolException e) {
            Refusal.send(socket, frame, e.code(), e.getMessage());
            return false;
        }
        if (!Authentication.admits(context, socket, frame, request.token())) {
            return false;
        }
        return console(new byte[0], request, frame);
    }

    /** @param attachFrame the attach request, or null for a plain terminal */
    private boolean console(byte[] readAhead, AttachRequest spec, JsonObject attachFrame) throws IOException {
        boolean plainTerminal = attachFrame == null;
        if (!context.openConsoleSession(socket)) {
            String why = "too many console sessions: " + context.limits.maxConsoleSessions()
                    + " are open (the server's limit); try again later";
            LOG.warn("refused a console session: {}", why);
            if (plainTerminal) {
                socket.getOutputStream().write(("sockrepl: " + why + "\r\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            } else {
                Refusal.send(socket, attachFrame, ErrorCode.TOO_MANY_SESSIONS, why);
            }
            return false;
        }
        try {
            socket.setSoTimeout(0);
            ConsoleEnvironment env = plainTerminal
                    ? console
                    : new ConsoleEnvironment(
                            console.engines(), null, console.redefiner(), console.audit(), console.transport());
            new ConsoleSession(socket, readAhead, spec, env).run();
            return true;
        } finally {
            context.closeConsoleSession(socket);
        }
    }
}
