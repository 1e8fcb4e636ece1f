package io.sockrepl.cli;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.AttachRequest;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.Daemons;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Inband;
import io.sockrepl.core.PeerCheck;
import io.sockrepl.core.Replies;
import io.sockrepl.core.SocketConnector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Callable;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sockrepl attach}: this terminal, in raw mode, becomes the server's console. Editing,
 * completion and Ctrl+C all happen on the server; this side copies bytes and window sizes.
 */
@Command(
        name = "attach",
        mixinStandardHelpOptions = true,
        description = {
            "Open an interactive JShell console inside the server's JVM in this terminal.",
            "Leave with /exit or Ctrl+D. Exit codes: 0 the session ended, 1 no server, the session",
            "failed (the server says why) or the server went away (restarted, stopped, or its JVM ended), 2 usage error."
        })
final class AttachCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws IOException {
        SockreplClient client = target.clientInjecting();
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            terminal.close();
            throw new CliFailure(ExitCodes.USAGE, "attach needs a terminal; for scripts use 'sockrepl run'");
        }
        // made before connecting: a server that hears nothing for 150 ms takes the connection for a
        // plain terminal's (socat's), and the request's first use of its classes took that long on a
        // loaded machine, after which the request was typed at the console as keys
        byte[] request = FrameCodec.encode(attachFrame(terminal, client));
        Socket socket;
        try {
            socket = SocketConnector.connect(client.address(), 5000);
            PeerCheck.requireTrustedServer(socket, client.address());
        } catch (IOException e) {
            terminal.close();
            throw new CliFailure(
                    ExitCodes.UNREACHABLE, "cannot reach a server at " + client.address() + ": " + e.getMessage());
        }
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        String sttySaved = stty("-g");
        Attributes saved = terminal.enterRawMode();
        // the server's terminal already ends lines with CR LF; translating again would double the CR
        Attributes raw = terminal.getAttributes();
        raw.setOutputFlag(Attributes.OutputFlag.OPOST, false);
        terminal.setAttributes(raw);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            restore(terminal, saved);
                            // JLine's own hook may be closing the terminal at this very moment, which makes the
                            // restore above fail; stty does not depend on JLine's state
                            if (sttySaved != null) {
                                stty(sttySaved);
                            }
                            Runtime.getRuntime().halt(ExitCodes.KILLED);
                        },
                        "sockrepl-restore-terminal"));
        OutputStream toServer = socket.getOutputStream();
        terminal.handle(
                Terminal.Signal.WINCH,
                s -> send(toServer, Inband.windowSize(terminal.getWidth(), terminal.getHeight())));
        Daemons.start("sockrepl-keys", () -> copyKeystrokes(terminal.input(), toServer));
        // the server says how the session ended; a session that ends without a word lost its JVM
        Inband.Ending[] ended = {null};
        String refusal =
                copyScreen(socket.getInputStream(), terminal.output(), Inband.Decoder.ofScreen(why -> ended[0] = why));
        restore(terminal, saved);
        socket.close();
        Inband.Ending why = ended[0];
        if (refusal != null) {
            System.err.println("sockrepl: the server refused the session: " + refusal);
        } else if (why == Inband.Ending.FAILED) {
            System.err.println("sockrepl: the session failed on the server (its message is above)");
        } else if (why != Inband.Ending.LEFT) {
            // CAN: the screen may have been cut in the middle of an escape sequence, which would
            // swallow the start of the line
            System.err.print("\u0018\r\n");
            System.err.println("sockrepl: the server went away: " + whatBecameOf(why, client));
        }
        // JLine's own shutdown hook would wait forever for the thread blocked reading stdin; the
        // terminal is restored, so nothing is left for any hook to do
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(refusal == null && why == Inband.Ending.LEFT ? ExitCodes.OK : ExitCodes.UNREACHABLE);
        return ExitCodes.OK;
    }

    /**
     * What the server's last word says became of it; after its silence (null: its JVM died, or was
     * killed), whether another answers at the address now (serve's supervisor starts one).
     */
    private static String whatBecameOf(Inband.Ending why, SockreplClient client) {
        Object address = client.address();
        if (why == Inband.Ending.SERVER_RESTARTING) {
            return "it restarted (a server answers at " + address + " again; attach anew)";
        }
        if (why == Inband.Ending.SERVER_STOPPED) {
            return "it was stopped (its JVM goes on; nothing answers at " + address + ")";
        }
        if (why == Inband.Ending.SERVER_ENDED) {
            return "it was stopped, and its JVM ended (nothing answers at " + address + ")";
        }
        try {
            client.control(ControlAction.STATUS);
            return "its JVM ended without a word (a new server answers at " + address + "; attach anew)";
        } catch (IOException | RuntimeException gone) {
            return "its JVM ended without a word (nothing answers at " + address + ")";
        }
    }

    private static JsonObject attachFrame(Terminal terminal, SockreplClient client) {
        String term = System.getenv("TERM");
        return new AttachRequest(
                        term == null || term.isBlank() ? terminal.getType() : term,
                        terminal.getWidth(),
                        terminal.getHeight(),
                        true,
                        client.token())
                .toJson();
    }

    private static void copyKeystrokes(InputStream keys, OutputStream toServer) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = keys.read(buf)) >= 0) {
                send(toServer, Inband.escape(buf, n));
            }
        } catch (IOException e) {
            // the session is over
        }
    }

    private static void send(OutputStream out, byte[] bytes) {
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            // the session is over; the screen side notices
        }
    }

    /**
     * Copies the session to the screen until the server closes it, taking out its in-band messages.
     *
     * @return the server's message if it refused the session with an error frame, else null
     */
    private static String copyScreen(InputStream fromServer, OutputStream screen, Inband.Decoder inband)
            throws IOException {
        byte[] buf = new byte[16 * 1024];
        boolean first = true;
        try {
            int n;
            while ((n = fromServer.read(buf)) >= 0) {
                if (first && n >= 4 && buf[0] == 0) {
                    String refusal = refusalIn(buf, n, fromServer);
                    if (refusal != null) {
                        return refusal;
                    }
                }
                first = false;
                screen.write(buf, 0, inband.decode(buf, n));
                screen.flush();
            }
        } catch (IOException e) {
            // connection reset: the session is over
        }
        return null;
    }

    /** A console never starts with a NUL byte; an error frame does. */
    private static String refusalIn(byte[] buf, int n, InputStream rest) {
        try {
            JsonObject reply = FrameCodec.readAfter(java.util.Arrays.copyOf(buf, n), rest, 1024 * 1024);
            return reply.has(Replies.MESSAGE) ? reply.get(Replies.MESSAGE).getAsString() : reply.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs stty on the controlling terminal; returns its output, or null if that failed. */
    private static String stty(String argument) {
        try {
            Process p = new ProcessBuilder("stty", argument)
                    .redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /**
     * Puts the terminal back as it was. It is not closed: JLine's close waits for the thread that
     * reads keystrokes, which stays blocked on stdin; the process ends right after anyway.
     */
    private static void restore(Terminal terminal, Attributes saved) {
        try {
            terminal.setAttributes(saved);
            terminal.flush();
        } catch (RuntimeException e) {
            // the terminal is gone already
        }
    }
}
