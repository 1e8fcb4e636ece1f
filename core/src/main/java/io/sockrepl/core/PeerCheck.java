package io.sockrepl.core;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Decides whether the process at the other end of a UNIX socket may talk to the server: only the
 * server's own user and root may. The socket file's mode 0600 already says so; this check also
 * covers the moment between bind and chmod, and file systems that ignore socket modes.
 */
public final class PeerCheck {

    private static final long OWN_UID = OwnUser.UID;

    private PeerCheck() {}

    /** The uid this JVM runs as. */
    public static long ownUid() {
        return OWN_UID;
    }

    /** Who is at the other end, for logs and records: {@code uid 1000 pid 4242}, or the TCP address. */
    public static String describe(Socket socket) {
        if (socket instanceof AFUNIXSocket unix) {
            try {
                var credentials = unix.getPeerCredentials();
                return "uid " + credentials.getUid() + " pid " + credentials.getPid();
            } catch (IOException e) {
                return "local client";
            }
        }
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    /**
     * Checks a connection.
     *
     * @return empty if the peer is allowed, else the reason it is refused (for the log)
     */
    public static Optional<String> refusal(Socket socket) {
        if (!(socket instanceof AFUNIXSocket unix)) {
            return Optional.empty();
        }
        try {
            long uid = unix.getPeerCredentials().getUid();
            if (uid == OWN_UID || uid == 0) {
                return Optional.empty();
            }
            return Optional.of("peer uid " + uid + " is neither the server's uid " + OWN_UID + " nor root");
        } catch (IOException e) {
            return Optional.of("peer credentials unavailable: " + e.getMessage());
        }
    }

    /** {@link TrustedServer#require} for a junixsocket socket (the terminal's). */
    public static void requireTrustedServer(Socket socket, Address address) throws IOException {
        if (socket instanceof AFUNIXSocket unix) {
            long uid = unix.getPeerCredentials().getUid();
            if (uid != OWN_UID && uid != 0) {
                throw TrustedServer.untrusted(address, "uid " + uid);
            }
        }
    }
}
