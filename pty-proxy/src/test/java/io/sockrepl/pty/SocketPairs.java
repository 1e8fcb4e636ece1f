package io.sockrepl.pty;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Connected UNIX sockets made the way the server makes them: one accepted, one connected. */
final class SocketPairs {

    private static AFUNIXServerSocket listener;

    private SocketPairs() {}

    /** Returns {client, server}. */
    static synchronized Socket[] connected() throws IOException {
        if (listener == null) {
            File dir = Files.createTempDirectory("pty-test").toFile();
            dir.deleteOnExit();
            File path = new File(dir, "s.sock");
            path.deleteOnExit();
            listener = AFUNIXServerSocket.newInstance();
            listener.bind(AFUNIXSocketAddress.of(path));
        }
        AFUNIXSocket client = AFUNIXSocket.newInstance();
        client.connect(listener.getLocalSocketAddress());
        return new Socket[] {client, listener.accept()};
    }
}
