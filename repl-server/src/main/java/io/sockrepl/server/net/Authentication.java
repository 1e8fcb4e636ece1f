package io.sockrepl.server.net;

import com.google.gson.JsonObject;
import io.sockrepl.core.ErrorCode;
import io.sockrepl.core.PeerCheck;
import io.sockrepl.core.Tokens;
import io.sockrepl.server.control.ServerContext;
import java.io.IOException;
import java.net.Socket;

/**
 * The token check every framed request passes (batch, control, attach) on a server that requires
 * one: TCP always, UNIX when given. A plain terminal proves it in the console instead.
 */
final class Authentication {

    private Authentication() {}

    /**
     * @param strangers where the connection stops counting as a stranger once it has passed
     * @param presented the token the frame carried, or null
     * @return whether the request may go on; when not, it was refused with the reason
     */
    static boolean admits(ServerContext context, Strangers strangers, Socket socket, JsonObject frame, String presented)
            throws IOException {
        if (context.token == null || Tokens.matches(context.token, presented)) {
            strangers.leave(socket);
            return true;
        }
        context.refusals.record(PeerCheck.describe(socket), presented == null ? "no token" : "invalid token");
        Refusal.send(
                socket,
                frame,
                ErrorCode.UNAUTHORIZED,
                presented == null
                        ? "this server requires a token (see the session file, --token or SOCKREPL_TOKEN)"
                        : "invalid token");
        return false;
    }
}
