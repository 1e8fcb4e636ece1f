package io.sockrepl.pty;

import java.io.IOException;
import java.net.Socket;

/** Constructs each backend directly, so that both run on Linux. */
enum Backend {
    POSIX {
        @Override
        PtySocketProxy open(Socket s, Runnable onSocket, Runnable onSlave) throws IOException {
            return new PosixPtyProxy(s, onSocket, onSlave);
        }
    },
    SOCKETPAIR {
        @Override
        PtySocketProxy open(Socket s, Runnable onSocket, Runnable onSlave) throws IOException {
            return new PipePairProxy(s, onSocket, onSlave);
        }
    };

    abstract PtySocketProxy open(Socket s, Runnable onSocket, Runnable onSlave) throws IOException;
}
