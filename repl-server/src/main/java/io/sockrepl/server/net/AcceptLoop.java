package io.sockrepl.server.net;

import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Daemons;
import io.sockrepl.core.ErrorCode;
import io.sockrepl.core.PeerCheck;
import io.sockrepl.server.console.ConsoleEnvironment;
import io.sockrepl.server.control.ControlOp;
import io.sockrepl.server.control.ServerContext;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts connections, refuses peers that may not connect, and serves the rest ({@link ConnectionDispatch}). */
public final class AcceptLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptLoop.class);
    /** A flood of connections must not exhaust the host's threads. */
    private static final int MAX_CONNECTIONS = 256;
    /** Threads kept waiting in accept while the server is idle, once it has had a connection. */
    private static final int WAITING_ACCEPTORS = 2;

    private final BoundSocket listener;
    private final ServerContext context;
    private final Map<ControlAction, ControlOp> ops = ControlOp.all();
    private final ExecutorService connections = new ThreadPoolExecutor(
            0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), Daemons.named("sockrepl-conn"));
    private final ExecutorService replyWriters = new ThreadPoolExecutor(
            0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), Daemons.named("sockrepl-reply"));

    private final ConsoleEnvironment console;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Strangers strangers;

    public AcceptLoop(BoundSocket listener, ServerContext context, ConsoleEnvironment console) {
        this.listener = listener;
        this.context = context;
        this.console = console;
        this.strangers = new Strangers(context.token != null, context.refusals);
        // a connection that waits for room lets the reserve go, so that the server can answer it
        listener.whenHeapFull(context.memory::spend);
    }

    /** Waits with one thread until the first connection, so that an embedding host gains one thread at start. */
    @Override
    public void run() {
        acceptAndServe();
    }

    /**
     * Waits for a connection and serves it where it was accepted. A few threads wait in accept at
     * once and the kernel gives each connection to one of them, so no connection waits for a
     * thread to be woken (on a small VM a wake-up costs about as much as answering a repeated
     * request). When the last waiting thread takes a connection, it starts another to wait before
     * it serves; while every thread is taken, it refuses connections and stays the one that waits.
     * A thread that has served goes back to waiting only where fewer than enough wait.
     */
    private void acceptAndServe() {
        while (!listener.isClosed()) {
            Socket socket = acceptOne();
            if (socket == null) {
                continue;
            }
            if (waiting.get() == 0) {
                try {
                    connections.execute(this::acceptAndServe);
                } catch (RejectedExecutionException e) {
                    if (!listener.isClosed()) {
                        LOG.warn("refused a connection: {} connections already open", MAX_CONNECTIONS);
                    }
                    closeQuietly(socket);
                    continue;
                }
            }
            serve(socket);
            if (waiting.get() >= WAITING_ACCEPTORS) {
                return;
            }
        }
    }

    /** The next connection, or null when accepting failed. */
    private Socket acceptOne() {
        waiting.incrementAndGet();
        try {
            return listener.accept();
        } catch (IOException e) {
            if (!listener.isClosed()) {
                LOG.warn("accept failed: {}", e.getMessage());
            }
            return null;
        } catch (OutOfMemoryError e) {
            // a snippet filled the heap; the reserve lets the server answer it and say so
            context.memory.spend();
            return null;
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void serve(Socket socket) {
        try {
            checkAndDispatch(socket);
        } catch (OutOfMemoryError e) {
            context.memory.spend();
            closeQuietly(socket);
        }
    }

    private void checkAndDispatch(Socket socket) {
        Optional<String> refusal = PeerCheck.refusal(socket);
        if (refusal.isPresent()) {
            context.refusals.record(PeerCheck.describe(socket), refusal.get());
            try {
                Refusal.sendBriefly(
                        socket,
                        ErrorCode.UNAUTHORIZED,
                        "this server accepts connections from its own user and root only");
            } catch (IOException gone) {
                // the refusal is in the log and the audit either way
            }
            closeQuietly(socket);
            return;
        }
        strangers.admit(socket);
        try {
            new ConnectionDispatch(socket, context, strangers, ops, replyWriters, console).run();
        } finally {
            strangers.leave(socket);
        }
    }

    public void shutdown() {
        strangers.closeAll();
        connections.shutdownNow();
        replyWriters.shutdown();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
