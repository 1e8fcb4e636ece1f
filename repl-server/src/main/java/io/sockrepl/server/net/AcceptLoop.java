package io.sockrepl.server.net;

import io.sockrepl.core.BoundSocket;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Daemons;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts connections, refuses peers that may not connect, and serves the rest ({@link ConnectionDispatch}). */
public final class AcceptLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptLoop.class);
    /** A flood of connections must not exhaust the host's threads. */
    private static final int MAX_CONNECTIONS = 256;

    private final BoundSocket listener;
    private final ServerContext context;
    private final Map<ControlAction, ControlOp> ops = ControlOp.all();
    private final ExecutorService connections = new ThreadPoolExecutor(
            0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), Daemons.named("sockrepl-conn"));
    private final ExecutorService replyWriters = new ThreadPoolExecutor(
            0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), Daemons.named("sockrepl-reply"));

    private final ConsoleEnvironment console;

    public AcceptLoop(BoundSocket listener, ServerContext context, ConsoleEnvironment console) {
        this.listener = listener;
        this.context = context;
        this.console = console;
    }

    @Override
    public void run() {
        acceptAndServe();
    }

    /**
     * Waits for a connection, passes the wait for the next one to another thread, and serves this
     * one where it was accepted (leader and followers): no connection waits for a thread to wake
     * before it is read, which on a small VM costs about as much as answering a repeated request.
     * While every thread is taken, the thread accepting refuses connections and stays the one that
     * accepts.
     */
    private void acceptAndServe() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("accept failed: {}", e.getMessage());
                }
                continue;
            } catch (OutOfMemoryError e) {
                // a snippet filled the heap; it is about to be told so, and the server must go on
                // accepting once its memory is back
                continue;
            }
            try {
                connections.execute(this::acceptAndServe);
            } catch (RejectedExecutionException e) {
                if (!listener.isClosed()) {
                    LOG.warn("refused a connection: {} connections already open", MAX_CONNECTIONS);
                }
                closeQuietly(socket);
                continue;
            }
            serve(socket);
            return;
        }
    }

    private void serve(Socket socket) {
        Optional<String> refusal = PeerCheck.refusal(socket);
        if (refusal.isPresent()) {
            LOG.warn("refused a connection: {}", refusal.get());
            closeQuietly(socket);
            return;
        }
        new ConnectionDispatch(socket, context, ops, replyWriters, console).run();
    }

    public void shutdown() {
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
