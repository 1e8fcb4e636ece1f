package io.sockrepl.server.net;

import io.sockrepl.core.ErrorCode;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.HalfClose;
import io.sockrepl.core.Replies;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Sends an error reply in a way that lets the client read it, then leaves the socket to close. */
final class Refusal {

    /** How long to keep reading what a refused client still sends. */
    private static final int DRAIN_MILLIS = 1000;

    private Refusal() {}

    /** @param request the decoded request, or null when the frame could not be read: it decides the shape */
    static void send(Socket socket, com.google.gson.JsonObject request, ErrorCode code, String message)
            throws IOException {
        reply(socket, request, code, message);
        drain(socket);
    }

    /**
     * Sends the refusal without reading what the client sends: for a peer that may not talk to
     * the server at all, whose bytes the server must not spend a thread on. A client that has sent
     * bytes before the close may lose the reply to a reset (Linux resets a UNIX stream closed with
     * input unread); one that waits for the refusal before sending gets it.
     */
    static void sendUnread(Socket socket, ErrorCode code, String message) throws IOException {
        reply(socket, null, code, message);
    }

    private static void reply(Socket socket, com.google.gson.JsonObject request, ErrorCode code, String message)
            throws IOException {
        FrameCodec.write(socket.getOutputStream(), Replies.refusal(request, code, message));
        HalfClose.output(socket);
    }

    /** Closing with unread input would reset the connection and could destroy the reply. */
    private static void drain(Socket socket) throws IOException {
        socket.setSoTimeout(DRAIN_MILLIS);
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
        byte[] buf = new byte[64 * 1024];
        InputStream in = socket.getInputStream();
        try {
            while (System.nanoTime() < deadline && in.read(buf) >= 0) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            // gave it long enough
        }
    }
}
