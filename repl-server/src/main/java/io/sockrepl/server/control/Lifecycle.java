package io.sockrepl.server.control;

/** How operations end the server they run in; the server implements it. */
public interface Lifecycle {

    /**
     * Takes no more connections, before a supervised restart is acknowledged, so that a client
     * connecting after the acknowledgement reaches the next JVM and not this one on its way out.
     */
    void stopAccepting();

    /** Stops serving and removes the socket and session files. */
    void stop();

    /** Ends this server so that its supervisor starts a fresh JVM on the same address. */
    void restartInNewJvm();
}
