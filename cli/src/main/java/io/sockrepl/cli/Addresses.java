package io.sockrepl.cli;

import io.sockrepl.core.Address;
import java.nio.file.Path;

/** Parses an address from the command line, turning a bad one into a usage error. */
final class Addresses {

    /** Where `serve` listens when given no address and no session file names one. */
    static final String DEFAULT_SOCKET = "session.sock";

    /** {@link #DEFAULT_SOCKET} in the current directory. */
    static Address defaultSocket() {
        return Address.unix(Path.of(DEFAULT_SOCKET));
    }

    private Addresses() {}

    static Address parse(String text) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, "bad address: " + e.getMessage());
        }
    }
}
