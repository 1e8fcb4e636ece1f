package io.sockrepl.core;

import java.io.ByteArrayOutputStream;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Control messages carried inside the byte streams of an attached session. The byte 0xFF (which
 * never occurs in UTF-8 text) introduces them: {@code FF FF} is a literal 0xFF. From `sockrepl
 * attach` to the server, {@code FF 'W' cols(2) rows(2)} is a new window size, big-endian; from the
 * server, {@code FF 'X' ending(1)} ends the session and says why ({@link Ending}). Only sessions that announce
 * {@code "inband": true} in their attach frame use it, so plain terminals (socat, nc) pass every
 * byte unchanged.
 */
public final class Inband {

    static final int ESCAPE = 0xFF;
    static final int WINDOW_SIZE = 'W';
    static final int SESSION_END = 'X';

    private Inband() {}

    /** The message announcing a new window size. */
    public static byte[] windowSize(int columns, int rows) {
        return new byte[] {
            (byte) ESCAPE, (byte) WINDOW_SIZE, (byte) (columns >> 8), (byte) columns, (byte) (rows >> 8), (byte) rows
        };
    }

    /** Why a session ended, as the server tells the client in its last bytes. */
    public enum Ending {
        /** The user left ({@code /exit}, Ctrl+D). */
        LEFT(0),
        /** The session failed on the server; it said why on the screen. */
        FAILED(1),
        /** The server was stopped; its JVM goes on. */
        SERVER_STOPPED(2),
        /** The server was stopped, and its JVM ends with it ({@code serve}). */
        SERVER_ENDED(3),
        /** The server restarts: a new one takes its address. */
        SERVER_RESTARTING(4);

        private final int code;

        Ending(int code) {
            this.code = code;
        }

        /** The ending a code names, or {@link #FAILED} for one this version does not know. */
        public static Ending of(int code) {
            for (Ending e : values()) {
                if (e.code == code) {
                    return e;
                }
            }
            return FAILED;
        }
    }

    /** The message that ends a session, saying why. */
    public static byte[] sessionEnd(Ending why) {
        return new byte[] {(byte) ESCAPE, (byte) SESSION_END, (byte) why.code};
    }

    /** Keystrokes with every 0xFF doubled, so that none is taken for a control message. */
    public static byte[] escape(byte[] data, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 8);
        for (int i = 0; i < length; i++) {
            out.write(data[i]);
            if ((data[i] & 0xFF) == ESCAPE) {
                out.write(ESCAPE);
            }
        }
        return out.toByteArray();
    }

    /** Separates keystrokes from control messages, across reads of any size. */
    public static final class Decoder {

        private final BiConsumer<Integer, Integer> onWindowSize;
        private final IntConsumer onSessionEnd;
        private final byte[] pending = new byte[6];
        private int pendingLength;

        /** A decoder of keystrokes; @param onWindowSize receives (columns, rows) */
        public Decoder(BiConsumer<Integer, Integer> onWindowSize) {
            this(onWindowSize, status -> {});
        }

        private Decoder(BiConsumer<Integer, Integer> onWindowSize, IntConsumer onSessionEnd) {
            this.onWindowSize = onWindowSize;
            this.onSessionEnd = onSessionEnd;
        }

        /** A decoder of the screen stream; @param onSessionEnd receives why the session ended */
        public static Decoder ofScreen(Consumer<Ending> onSessionEnd) {
            return new Decoder((c, r) -> {}, code -> onSessionEnd.accept(Ending.of(code)));
        }

        /**
         * Decodes {@code length} bytes of {@code buf} in place.
         *
         * @return how many keystroke bytes now start {@code buf}
         */
        public int decode(byte[] buf, int length) {
            int out = 0;
            for (int i = 0; i < length; i++) {
                int b = buf[i] & 0xFF;
                if (pendingLength == 0) {
                    if (b == ESCAPE) {
                        pending[pendingLength++] = (byte) b;
                    } else {
                        buf[out++] = (byte) b;
                    }
                    continue;
                }
                pending[pendingLength++] = (byte) b;
                if (pendingLength == 2 && b == ESCAPE) {
                    buf[out++] = (byte) ESCAPE;
                    pendingLength = 0;
                } else if (pendingLength == 3 && (pending[1] & 0xFF) == SESSION_END) {
                    pendingLength = 0;
                    onSessionEnd.accept(b);
                } else if (pendingLength == 2 && b != WINDOW_SIZE && b != SESSION_END) {
                    // not a message we know (our client escapes every 0xFF): drop the escape, so
                    // that the output never outgrows the input
                    buf[out++] = (byte) b;
                    pendingLength = 0;
                } else if (pendingLength == 6) {
                    int columns = ((pending[2] & 0xFF) << 8) | (pending[3] & 0xFF);
                    int rows = ((pending[4] & 0xFF) << 8) | (pending[5] & 0xFF);
                    pendingLength = 0;
                    onWindowSize.accept(columns, rows);
                }
            }
            return out;
        }
    }
}
