package io.sockrepl.core;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Opens a client connection to an {@link Address}, UNIX or TCP. */
public final class SocketConnector {

    private SocketConnector() {}

    /**
     * Connects through the JDK's own channels, for clients that only exchange frames: a UNIX
     * socket this way needs no native library to be unpacked and loaded, which was a fifth of a
     * short command's time. Attaching a terminal needs {@link #connect}'s sockets.
     *
     * @param timeoutMillis connect timeout for TCP; UNIX connects fail at once when nobody listens
     */
    public static SocketChannel openChannel(Address address, int timeoutMillis) throws IOException {
        if (address.isUnix()) {
            SocketChannel prepared = ClientWarmup.take();
            SocketChannel channel = prepared != null ? prepared : SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(address.path()));
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(address.toInetSocketAddress(), timeoutMillis);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
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
