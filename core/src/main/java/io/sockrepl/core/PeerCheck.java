package io.sockrepl.core;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Decides whether the process at the other end of a UNIX socket may talk to the server: only the
 * server's own user and root may. The socket file's mode 0600 already says so; this check also
 * covers the moment between bind and chmod, and file systems that ignore socket modes.
 */
public final class PeerCheck {

    private static final long OWN_UID = OwnUser.UID;
    private static final UserPrincipal OWN_USER = principal(OwnUser.NAME);
    private static final UserPrincipal ROOT = principal("root");

    private PeerCheck() {}

    /** The user of that name, or null where the user database has none: nobody is let in as it. */
    private static UserPrincipal principal(String name) {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (IOException e) {
            return null;
        }
    }

    /** The uid this JVM runs as. */
    public static long ownUid() {
        return OWN_UID;
    }

    /**
     * Who is at the other end, for logs and records: {@code uid 1000}, or the TCP address. A peer
     * that is let in is this user or root, whose uids are known; the JDK names the user, not the
     * process, so there is no pid.
     */
    public static String describe(Socket socket) {
        if (socket instanceof ChannelSocket unix) {
            try {
                UserPrincipal user = unix.peer().user();
                return user.equals(OWN_USER) ? "uid " + OWN_UID : user.equals(ROOT) ? "uid 0" : named(user);
            } catch (IOException | RuntimeException e) {
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
        if (!(socket instanceof ChannelSocket unix)) {
            return Optional.empty();
        }
        try {
            UserPrincipal user = unix.peer().user();
            if (user.equals(OWN_USER) || user.equals(ROOT)) {
                return Optional.empty();
            }
            return Optional.of("peer " + named(user) + " is neither the server's uid " + OWN_UID + " nor root");
        } catch (IOException | RuntimeException e) {
            return Optional.of("peer credentials unavailable: " + e);
        }
    }

    /** A user without a name in the user database is named by its uid, as the JDK does. */
    private static String named(UserPrincipal user) {
        String name = user.getName();
        return name.chars().allMatch(Character::isDigit) ? "uid " + name : "user " + name;
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
