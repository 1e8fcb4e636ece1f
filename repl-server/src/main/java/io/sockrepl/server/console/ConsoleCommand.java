package io.sockrepl.server.console;

/** One slash command of the console: a name, a line of help, and what it does. */
interface ConsoleCommand {

    String name();

    String help();

    /**
     * Runs the command.
     *
     * @return false when the session should end
     */
    boolean run(ConsoleSession session, String argument);
}
