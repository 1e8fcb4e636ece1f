package io.sockrepl.core;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * What a client checks before it sends anything over a UNIX socket (a snippet, and the secrets in
 * it): the server at the other end runs as this user or as root, so that a socket another user
 * made (named by a session file of theirs, say) gets nothing. Kept apart from {@link PeerCheck},
 * whose junixsocket types a client that only exchanges frames never loads.
 */
public final class TrustedServer {

    private TrustedServer() {}

    /** @throws IOException naming the server's user, when it is neither this user nor root */
    public static void require(SocketChannel channel, Address address) throws IOException {
        String user =
                channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        if (!user.equals(OwnUser.NAME) && !user.equals("root")) {
            throw untrusted(address, user);
        }
    }

    static IOException untrusted(Address address, String user) {
        return new IOException("the server at " + address + " runs as " + user + ", neither you (" + OwnUser.NAME
                + ") nor root: sockrepl sends it nothing");
    }
}
