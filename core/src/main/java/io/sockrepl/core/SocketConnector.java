package io.sockrepl.core;

import java.io.IOException;
import java.net.Socket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Opens a client connection to an {@link Address}, UNIX or TCP. */
public final class SocketConnector {

    private SocketConnector() {
    }

    /**
     * Connects.
     *
     * @param timeoutMillis connect timeout for TCP; UNIX connects fail at once when nobody listens
     */
    public static Socket connect(Address address, int timeoutMillis) throws IOException {
        if (address.isUnix()) {
            AFUNIXSocket socket = AFUNIXSocket.newInstance();
            try {
                socket.connect(AFUNIXSocketAddress.of(address.path()), timeoutMillis);
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address.toInetSocketAddress(), timeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
