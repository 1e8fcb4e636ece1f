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

/** Accepts connections, refuses peers that may not connect, and hands the rest to a handler. */
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
            Optional<String> refusal = PeerCheck.refusal(socket);
            if (refusal.isPresent()) {
                LOG.warn("refused a connection: {}", refusal.get());
                closeQuietly(socket);
                continue;
            }
            try {
                connections.execute(new ConnectionDispatch(socket, context, ops, replyWriters, console));
            } catch (RejectedExecutionException e) {
                LOG.warn("refused a connection: {} connections already open", MAX_CONNECTIONS);
                closeQuietly(socket);
            }
        }
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
