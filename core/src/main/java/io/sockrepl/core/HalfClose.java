package io.sockrepl.core;

import java.io.IOException;
import java.net.Socket;
import org.newsclub.net.unix.AFSocket;

/**
 * Ends the output side of a connection, so the peer reads end of stream but can still answer.
 * On JDK 25, {@code Socket.shutdownOutput()} refuses junixsocket's sockets as "not connected"; their
 * channel does it right on every JDK.
 */
public final class HalfClose {

    private HalfClose() {}

    public static void output(Socket socket) throws IOException {
        if (socket instanceof AFSocket<?> unix && unix.getChannel() != null) {
            unix.getChannel().shutdownOutput();
        } else {
            socket.shutdownOutput();
        }
    }
}
