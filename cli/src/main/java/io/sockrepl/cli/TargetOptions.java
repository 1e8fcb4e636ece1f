package io.sockrepl.cli;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which server a client command talks to: an address, or the one the session file names. */
final class TargetOptions {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ADDRESS",
            description = "Server address: PATH (UNIX socket), HOST:PORT, :PORT (loopback), "
                    + "[::1]:PORT or unix:PATH; or the PID of a JVM of yours, for the server in it (run and "
                    + "attach inject one if it has none). Default: the address in the session file, else "
                    + "session.sock here.")
    String address;

    @Option(
            names = {"-f", "--session-file"},
            paramLabel = "FILE",
            description = "Session file to read the address and token from (default: ${DEFAULT-VALUE}).",
            defaultValue = SessionFile.DEFAULT_NAME)
    Path sessionFile;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Token for TCP servers (default: $SOCKREPL_TOKEN, else the session file's).")
    String token;

    /**
     * The operands of a command shaped {@code [ADDRESS] OPERAND...}. Picocli fills ADDRESS first;
     * when the address was left out, what it holds is the first operand.
     *
     * @param addressIsOperand whether what ADDRESS holds is an operand
     */
    java.util.List<String> operands(java.util.List<String> rest, boolean addressIsOperand) {
        java.util.List<String> all = new java.util.ArrayList<>();
        if (address != null && addressIsOperand) {
            all.add(address);
            address = null;
        }
        if (rest != null) {
            all.addAll(rest);
        }
        return all;
    }

    /**
     * The client for the chosen server, with the token that goes with it. A PID names the server
     * that runs in that JVM; none is injected (only {@code run} and {@code attach} inject).
     */
    SockreplClient client() {
        return client(false);
    }

    /** {@link #client()}, injecting a server into a JVM named by its PID that has none. */
    SockreplClient clientInjecting() {
        return client(true);
    }

    private SockreplClient client(boolean mayInject) {
        Optional<SessionInfo> session = readSession();
        Address target;
        if (address != null) {
            target = PidTarget.isPid(address)
                    ? PidTarget.reach(Long.parseLong(address), mayInject)
                    : Addresses.parse(address).absolute();
        } else if (session.isPresent()) {
            target = session.get().address();
        } else if (Files.exists(Path.of(Addresses.DEFAULT_SOCKET))) {
            // where serve listens by default; its socket is there a moment before its session file
            target = Addresses.defaultSocket().absolute();
        } else {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "no ADDRESS given, and no session file " + sessionFile + " or " + Addresses.DEFAULT_SOCKET
                            + " here: name the server, e.g. 'sockrepl status session.sock'");
        }
        String t = token != null ? token : System.getenv("SOCKREPL_TOKEN");
        if (t == null && session.isPresent() && session.get().address().equals(target)) {
            t = session.get().token();
        }
        return SockreplClient.to(target).withToken(t);
    }

    private Optional<SessionInfo> readSession() {
        try {
            return new SessionFile(sessionFile).read();
        } catch (SessionFile.UntrustedException e) {
            System.err.println("sockrepl: " + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            if (address != null) {
                return Optional.empty();
            }
            throw new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
        }
    }
}
