package io.sockrepl.cli;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.SessionFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl inject PID}: starts a server inside a running JVM through the Attach API. */
@Command(
        name = "inject",
        mixinStandardHelpOptions = true,
        description = {
            "Start a sockrepl server inside a running JVM of your user.",
            "Uses the Java Attach API; then run, attach, status... work against it.",
            "Default address: sockrepl-PID.sock in this directory."
        })
final class InjectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PID", description = "The JVM's process id.")
    String pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ADDRESS", description = "Where the server listens.")
    String address;

    @Option(
            names = {"-f", "--session-file"},
            paramLabel = "FILE",
            defaultValue = SessionFile.DEFAULT_NAME,
            description = "Session file the server writes (default: ${DEFAULT-VALUE}; - for none).")
    String sessionFile;

    @Option(
            names = "--loader",
            paramLabel = "CLASS",
            description = {
                "Run snippets in the class loader that loaded CLASS.",
                "Default: the application's (a Spring Boot jar's Start-Class, or its threads' context loader)."
            })
    String loader;

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description = {
                "Where the injected server logs (mode 0600); - for the target's stderr.",
                "Default: next to the socket, ADDRESS.log."
            })
    String log;

    @Mixin
    AuditLogOption auditLog = new AuditLogOption();

    @Override
    public Integer call() {
        long target = parsePid();
        Address where = address == null
                ? Address.unix(Path.of("sockrepl-" + target + ".sock")).absolute()
                : Addresses.parse(address).absolute();
        String session = "-".equals(sessionFile)
                ? ""
                : Path.of(sessionFile).toAbsolutePath().toString();
        Injector.Result r = new Injector(loader, log, auditLog.absolute()).inject(target, where, session);
        if (r.alreadyRunning()) {
            answers(target, r.address());
        }
        System.out.println(
                r.alreadyRunning()
                        ? "process " + target + " already runs sockrepl on " + r.address()
                        : "injected sockrepl into process " + target + "; serving on " + r.address());
        return ExitCodes.OK;
    }

    /** A server the target says it runs is reported only when it answers there. */
    private static void answers(long target, String address) {
        try {
            SockreplClient.to(Addresses.parse(address)).control(io.sockrepl.core.ControlAction.STATUS);
        } catch (IOException e) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "process " + target + " says it runs sockrepl on " + address + ", but nothing answers there: "
                            + e.getMessage());
        }
    }

    private long parsePid() {
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            throw new CliFailure(ExitCodes.USAGE, "PID must be a process id, not '" + pid + "'");
        }
    }
}
