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
        } catch (ServerRefusedException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "the server refused the request: " + e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
        }
    }
}
