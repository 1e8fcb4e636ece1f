package io.sockrepl.server.console;

import io.sockrepl.core.Inband;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.function.BiConsumer;

/**
 * The client's socket as the pty proxy sees it: the bytes read while the connection's kind was
 * being decided come first, and in-band control messages are taken out of the keystrokes. For a
 * client that speaks in-band messages, the screen's 0xFF bytes are escaped, so that the session's
 * end status cannot be forged by what a snippet prints.
 */
final class ConsoleSocket extends Socket {

    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;
    private final boolean inband;
    /** Why the session ended, sent to an in-band client as the socket's last bytes; null until then. */
    private Inband.Ending ending;

    ConsoleSocket(Socket socket, byte[] readAhead, BiConsumer<Integer, Integer> onWindowSize) throws IOException {
        this.socket = socket;
        this.inband = onWindowSize != null;
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(readAhead), socket.getInputStream());
        this.input = inband ? new InbandInput(in, new Inband.Decoder(onWindowSize)) : in;
        this.output = inband ? new InbandOutput(socket.getOutputStream()) : socket.getOutputStream();
    }

    /**
     * Tells an in-band client how its session ended, after the last of the screen: the ending goes
     * out when the socket closes. Plain terminals only see the text.
     */
    synchronized void endSession(Inband.Ending why) {
        if (ending == null) {
            ending = why;
        }
    }

    /**
     * The server ends under the session: tells an in-band client why at once, after what the
     * screen has shown so far, and closes the connection.
     */
    synchronized void serverEnds(Inband.Ending why) throws IOException {
        endSession(why);
        close();
    }

    @Override
    public InputStream getInputStream() {
        return input;
    }

    @Override
    public OutputStream getOutputStream() {
        return output;
    }

    @Override
    public synchronized void close() throws IOException {
        if (inband && ending != null && !socket.isClosed()) {
            try {
                OutputStream raw = socket.getOutputStream();
                synchronized (output) {
                    raw.write(Inband.sessionEnd(ending));
                    raw.flush();
                }
            } catch (IOException gone) {
                // the client left first
            }
        }
        socket.close();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    private static final class InbandOutput extends java.io.FilterOutputStream {
        InbandOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            byte[] chunk = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            out.write(Inband.escape(chunk, len));
        }
    }

    private static final class InbandInput extends java.io.FilterInputStream {
        private final Inband.Decoder decoder;

        InbandInput(InputStream in, Inband.Decoder decoder) {
            super(in);
            this.decoder = decoder;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            while ((n = read(one, 0, 1)) == 0) {
                // a control message only: read on
            }
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                byte[] buf = new byte[len];
                int n = in.read(buf, 0, len);
                if (n < 0) {
                    return -1;
                }
                int kept = decoder.decode(buf, n);
                if (kept > 0) {
                    System.arraycopy(buf, 0, b, off, kept);
                    return kept;
                }
            }
        }
    }
}
