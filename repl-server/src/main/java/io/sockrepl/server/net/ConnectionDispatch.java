package io.sockrepl.server.net;

import com.google.gson.JsonObject;
import io.sockrepl.core.AttachRequest;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.ErrorCode;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.FrameException;
import io.sockrepl.core.ProtocolException;
import io.sockrepl.server.console.ConsoleAdmission;
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
    private final Strangers strangers;

    ConnectionDispatch(
            Socket socket,
            ServerContext context,
            Strangers strangers,
            Map<ControlAction, ControlOp> ops,
            Executor replyWriters,
            ConsoleEnvironment console) {
        this.socket = socket;
        this.context = context;
        this.strangers = strangers;
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
        long readMillis = context.limits.requestTimeout().toMillis();
        socket.setSoTimeout((int) Math.min(
                Integer.MAX_VALUE,
                strangers.tokenRequired() ? Math.min(readMillis, Strangers.READ_MILLIS) : readMillis));
        JsonObject frame;
        try {
            frame = FrameCodec.readAfter(head, in, context.limits.maxFrameBytes());
        } catch (SocketTimeoutException e) {
            LOG.info("sent an incomplete request and then nothing for {} ms; closed", socket.getSoTimeout());
            return false;
        } catch (FrameException e) {
            LOG.info("bad frame: {}", e.getMessage());
            Refusal.send(socket, null, e.code(), e.getMessage());
            return false;
        }
        if (AttachRequest.isAttach(frame)) {
            return attach(frame);
        }
        return new BatchConnection(socket, context, strangers, ops, replyWriters).serve(frame);
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
        if (!Authentication.admits(context, strangers, socket, frame, request.token())) {
            return false;
        }
        return console(new byte[0], request, frame);
    }

    /** @param attachFrame the attach request, or null for a plain terminal */
    private boolean console(byte[] readAhead, AttachRequest spec, JsonObject attachFrame) throws IOException {
        boolean plainTerminal = attachFrame == null;
        // a plain terminal on a server that requires a token is a stranger until it types it:
        // it takes a console slot only then
        boolean slotAfterToken = plainTerminal && context.token != null;
        java.util.concurrent.atomic.AtomicReference<ConsoleSession> session =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Consumer<io.sockrepl.core.Inband.Ending> serverEnds = why -> {
            ConsoleSession s = session.get();
            if (s != null) {
                s.serverEnds(why);
            } else {
                try {
                    socket.close();
                } catch (IOException closed) {
                    // closed already
                }
            }
        };
        if (!slotAfterToken && !context.openConsoleSession(socket, serverEnds)) {
            LOG.warn("refused a console session: {}", tooMany());
            if (plainTerminal) {
                socket.getOutputStream().write(("sockrepl: " + tooMany() + "\r\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            } else {
                Refusal.send(socket, attachFrame, ErrorCode.TOO_MANY_SESSIONS, tooMany());
            }
            return false;
        }
        java.util.concurrent.atomic.AtomicBoolean holdsSlot =
                new java.util.concurrent.atomic.AtomicBoolean(!slotAfterToken);
        ConsoleAdmission admission = new ConsoleAdmission() {
            @Override
            public String enter() {
                strangers.leave(socket);
                if (holdsSlot.get() || context.openConsoleSession(socket, serverEnds)) {
                    holdsSlot.set(true);
                    return null;
                }
                LOG.warn("refused a console session: {}", tooMany());
                return tooMany();
            }

            @Override
            public void refused(String reason) {
                context.refusals.record(io.sockrepl.core.PeerCheck.describe(socket), reason);
            }
        };
        try {
            socket.setSoTimeout(0);
            ConsoleEnvironment env = plainTerminal
                    ? console
                    : new ConsoleEnvironment(
                            console.engines(),
                            null,
                            console.redefiner(),
                            console.audit(),
                            console.transport(),
                            console.memory());
            session.set(new ConsoleSession(socket, readAhead, spec, env, admission));
            session.get().run();
            return true;
        } finally {
            if (holdsSlot.get()) {
                context.closeConsoleSession(socket);
            }
        }
    }

    private String tooMany() {
        return "too many console sessions: " + context.limits.maxConsoleSessions()
                + " are open (the server's limit); try again later";
    }
}
