package io.sockrepl.server.console;

/** How a console session is let in, once its terminal has shown the token where one is asked. */
public interface ConsoleAdmission {

    /**
     * Called when the terminal may go on (it typed the token, or none was asked): takes what the
     * session needs to run.
     *
     * @return null to begin the session, or why it may not
     */
    String enter();

    /** The terminal was refused (a wrong token): for the server's count, log and audit. */
    void refused(String reason);
}
