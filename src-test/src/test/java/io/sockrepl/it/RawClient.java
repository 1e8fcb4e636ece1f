package io.sockrepl.it;

import com.google.gson.JsonObject;
import io.sockrepl.core.Address;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.HalfClose;
import io.sockrepl.core.SocketConnector;
import java.io.IOException;
import java.net.Socket;

/** Sends arbitrary bytes to a server, as a misbehaving client would. */
final class RawClient implements AutoCloseable {

    final Socket socket;

    RawClient(Address address) throws IOException {
        socket = SocketConnector.connect(address, 2000);
        socket.setSoTimeout(30_000);
    }

    RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    RawClient endInput() throws IOException {
        HalfClose.output(socket);
        return this;
    }

    JsonObject reply() throws IOException {
        return FrameCodec.read(socket.getInputStream(), Integer.MAX_VALUE - 8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
