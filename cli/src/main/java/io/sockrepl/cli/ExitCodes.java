package io.sockrepl.cli;

/** What `sockrepl` exits with, for scripts. */
final class ExitCodes {

    /** The command did what was asked. */
    static final int OK = 0;
    /** No server could be reached, or it refused the request. */
    static final int UNREACHABLE = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;
    /** The snippet raised an exception, failed to compile, or was interrupted. */
    static final int SNIPPET_FAILED = 10;
    /** Ended by a signal (SIGTERM): 128 + 15, as shells report it. */
    static final int KILLED = 143;
    /** A supervised server asks for a fresh JVM (EX_TEMPFAIL). */
    static final int RESTART = 75;
    /** A supervised server could not start; retrying will not help (EX_CONFIG). */
    static final int START_FAILED = 78;

    private ExitCodes() {}
}
