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
    /** How long to read what a peer that may not connect at all still sends. */
    private static final int BRIEF_MILLIS = 250;

    private Refusal() {}

    /** @param request the decoded request, or null when the frame could not be read: it decides the shape */
    static void send(Socket socket, com.google.gson.JsonObject request, ErrorCode code, String message)
            throws IOException {
        reply(socket, request, code, message);
        drain(socket, DRAIN_MILLIS, Long.MAX_VALUE);
    }

    /**
     * Sends the refusal to a peer that may not talk to the server at all, and reads what it still
     * sends for a short while only ({@value #BRIEF_MILLIS} ms, 64 KiB), not to spend a thread on
     * its bytes. Closing at once would lose the reply of a client that sends before it reads (as
     * sock_python's does): its write would meet a closed socket, or the close with its bytes
     * unread would reset the connection.
     */
    static void sendBriefly(Socket socket, ErrorCode code, String message) throws IOException {
        reply(socket, null, code, message);
        drain(socket, BRIEF_MILLIS, 64 * 1024);
    }

    private static void reply(Socket socket, com.google.gson.JsonObject request, ErrorCode code, String message)
            throws IOException {
        FrameCodec.write(socket.getOutputStream(), Replies.refusal(request, code, message));
        HalfClose.output(socket);
    }

    /** Closing with unread input would reset the connection and could destroy the reply. */
    private static void drain(Socket socket, int millis, long maxBytes) throws IOException {
        socket.setSoTimeout(millis);
        long deadline = System.nanoTime() + millis * 1_000_000L;
        byte[] buf = new byte[64 * 1024];
        InputStream in = socket.getInputStream();
        long read = 0;
        try {
            int n;
            while (System.nanoTime() < deadline && read < maxBytes && (n = in.read(buf)) >= 0) {
                read += n;
            }
        } catch (SocketTimeoutException e) {
            // gave it long enough
        }
    }
}
