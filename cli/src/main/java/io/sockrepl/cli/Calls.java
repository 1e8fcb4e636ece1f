package io.sockrepl.cli;

import io.sockrepl.client.ServerRefusedException;
import java.io.IOException;

/** Runs a client call, turning what can go wrong into a one-line failure. */
final class Calls {

    interface ClientCall<T> {
        T call() throws IOException;
    }

    private Calls() {}

    static <T> T call(ClientCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The one-line failure for what a client call threw. */
    static CliFailure failure(IOException e) {
        return new CliFailure(
                ExitCodes.UNREACHABLE,
                e instanceof ServerRefusedException
                        ? "the server refused the request: " + e.getMessage()
                        : e.getMessage());
    }
}
