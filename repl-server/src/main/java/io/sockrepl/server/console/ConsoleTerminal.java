package io.sockrepl.server.console;

import io.sockrepl.core.AttachRequest;
import io.sockrepl.core.Inband;
import io.sockrepl.pty.PtySocketProxy;
import io.sockrepl.pty.SlaveStreams;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal of one console: a JLine terminal on the slave side of a pseudo-terminal whose
 * master is the client's socket, sized and resized as the client says, and taken down so that
 * the client still receives the last of the screen.
 */
final class ConsoleTerminal {

    /**
     * JLine's line discipline hands the slave one byte at a time; unbuffered, that was a write(2)
     * per byte, and printing was ten times slower than jshell's. JLine flushes after every draw.
     */
    private static final int SCREEN_BUFFER_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleTerminal.class);
    private static final long DRAIN_MILLIS = 2000;

    private final int session;
    private final ConsoleSocket socket;
    private final PtySocketProxy proxy;
    private volatile Terminal terminal;

    private ConsoleTerminal(int session, Socket client, byte[] readAhead, AttachRequest spec, Runnable onClientGone)
            throws IOException {
        this.session = session;
        this.socket = new ConsoleSocket(client, readAhead, spec.inband() ? this::resize : null);
        this.proxy = PtySocketProxy.open(socket, onClientGone, () -> {});
    }

    /**
     * @param readAhead    bytes already read from the socket while deciding what it was; typed first
     * @param onClientGone called (on a proxy thread) when the client disconnects
     */
    static ConsoleTerminal open(int session, Socket client, byte[] readAhead, AttachRequest spec, Runnable onClientGone)
            throws IOException {
        ConsoleTerminal t = new ConsoleTerminal(session, client, readAhead, spec, onClientGone);
        try {
            t.start(spec);
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    private void start(AttachRequest spec) throws IOException {
        SlaveStreams slave = proxy.openSlaveStreams(StandardCharsets.UTF_8);
        proxy.setWindowSize(spec.columns(), spec.rows());
        proxy.start();
        Terminal t = TerminalBuilder.builder()
                .system(false)
                .name("sockrepl-" + session)
                .type(spec.term())
                .encoding(StandardCharsets.UTF_8)
                .streams(slave.input(), new BufferedOutputStream(slave.output(), SCREEN_BUFFER_BYTES))
                .size(new Size(spec.columns(), spec.rows()))
                .build();
        // never canonical: JLine's line discipline drops a half-typed line when readLine switches
        // to raw mode, so keystrokes typed while a snippet runs would be lost; ISIG stays, so
        // Ctrl+C still interrupts the snippet
        Attributes attributes = t.getAttributes();
        attributes.setLocalFlags(
                EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO, Attributes.LocalFlag.IEXTEN), false);
        t.setAttributes(attributes);
        terminal = t;
    }

    Terminal terminal() {
        return terminal;
    }

    /** The screen as a stream, for what snippets and the threads they start print. */
    OutputStream screen() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                OutputStream o = terminal.output();
                synchronized (o) {
                    o.write(b, off, len);
                    o.flush();
                }
            }
        };
    }

    /** Who is at the other end, for logs and records. */
    Socket client() {
        return socket;
    }

    private void resize(int columns, int rows) {
        try {
            proxy.setWindowSize(columns, rows);
        } catch (IOException e) {
            LOG.debug("console session {}: pty resize failed: {}", session, e.getMessage());
        }
        Terminal t = terminal;
        if (t != null) {
            t.setSize(new Size(columns, rows));
            t.raise(Terminal.Signal.WINCH);
        }
    }

    /**
     * Lets the screen reach the client before anything is torn down.
     *
     * @param why how the session ended, told to a client that speaks in-band messages; null when
     *            the client is gone and there is no one to tell
     */
    void finish(Inband.Ending why) {
        if (why != null) {
            socket.endSession(why);
        }
        proxy.drainAndStop(DRAIN_MILLIS);
    }

    /** The server ends: the client is told why and the connection closes; the session then ends. */
    void serverEnds(Inband.Ending why) throws IOException {
        socket.serverEnds(why);
    }

    /** Closes the terminal, the proxy and, last, the socket, which sends the end status. */
    void close() {
        try {
            if (terminal != null) {
                terminal.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        proxy.stop();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
