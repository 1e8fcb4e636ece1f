package io.sockrepl.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.sockrepl.core.Address;
import io.sockrepl.core.SessionFile;
import io.sockrepl.server.agent.AgentBootstrap;
import io.sockrepl.server.agent.AgentJar;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl inject PID}: starts a server inside a running JVM through the Attach API. */
@Command(name = "inject", mixinStandardHelpOptions = true, description = {
        "Start a sockrepl server inside a running JVM of your user.",
        "Uses the Java Attach API; then run, attach, status... work against it.",
        "Default address: sockrepl-PID.sock in this directory."})
final class InjectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PID", description = "The JVM's process id.")
    String pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ADDRESS", description = "Where the server listens.")
    String address;

    @Option(names = {"-f", "--session-file"}, paramLabel = "FILE", defaultValue = SessionFile.DEFAULT_NAME,
            description = "Session file the server writes (default: ${DEFAULT-VALUE}; - for none).")
    String sessionFile;

    @Option(names = "--loader", paramLabel = "CLASS", description = {
            "Run snippets in the class loader that loaded CLASS.",
            "Default: the application's (a Spring Boot jar's Start-Class, or its threads' context loader)."})
    String loader;

    @Option(names = "--log", paramLabel = "FILE", description = {
            "Where the injected server logs (mode 0600); - for the target's stderr.",
            "Default: next to the socket, ADDRESS.log."})
    String log;

    @Option(names = "--audit-log", paramLabel = "FILE", description = {
            "Record every request and console line that runs code here (mode 0600, rotated); - for nowhere.",
            "Default: next to the socket, ADDRESS.audit.log."})
    String auditLog;

    @Override
    public Integer call() {
        long target = parsePid();
        ProcessHandle process = ProcessHandle.of(target).orElseThrow(() ->
                new CliFailure(ExitCodes.UNREACHABLE, "no such process: " + target));
        Optional<String> owner = process.info().user();
        String me = System.getProperty("user.name");
        if (owner.isPresent() && !owner.get().equals(me)) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "process " + target + " belongs to " + owner.get()
                    + "; the JVM only lets its own user attach (run sockrepl as " + owner.get() + ")");
        }
        Address where = address == null
                ? Address.unix(Path.of("sockrepl-" + target + ".sock")).absolute()
                : Addresses.parse(address).absolute();
        String session = "-".equals(sessionFile) ? "" : Path.of(sessionFile).toAbsolutePath().toString();
        try {
            return inject(target, where, session);
        } catch (NoClassDefFoundError e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "this Java runtime has no attach support (module "
                    + "jdk.attach); run sockrepl with a full JDK");
        }
    }

    private long parsePid() {
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            throw new CliFailure(ExitCodes.USAGE, "PID must be a process id, not '" + pid + "'");
        }
    }

    private int inject(long target, Address where, String session) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(String.valueOf(target));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "cannot attach to process " + target + ": "
                    + e.getMessage() + " (is it a JVM, and not started with -XX:+DisableAttachMechanism?)");
        }
        try {
            String running = vm.getSystemProperties().getProperty(AgentBootstrap.ADDRESS_PROPERTY);
            if (running != null) {
                System.out.println("process " + target + " already runs sockrepl on " + running);
                return ExitCodes.OK;
            }
            vm.loadAgent(AgentJar.create().toString(), "jar=" + ownJar() + ";address=" + where + ";session=" + session
                    + (loader == null ? "" : ";loader=" + loader) + (log == null ? "" : ";log=" + log)
                    + (auditLog == null ? "" : ";audit=" + ("-".equals(auditLog) ? "-" : Path.of(auditLog).toAbsolutePath())));
            Properties props = vm.getSystemProperties();
            String error = props.getProperty(AgentBootstrap.ERROR_PROPERTY);
            if (error != null) {
                throw new CliFailure(ExitCodes.UNREACHABLE, "the agent could not start a server in process "
                        + target + ": " + error);
            }
            System.out.println("injected sockrepl into process " + target + "; serving on "
                    + props.getProperty(AgentBootstrap.ADDRESS_PROPERTY));
            return ExitCodes.OK;
        } catch (AgentLoadException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "process " + target + " refuses agents loaded while it "
                    + "runs (-XX:-EnableDynamicAgentLoading?); start it with -javaagent:" + ownJar().resolveSibling("sockrepl-agent.jar")
                    + "=ADDRESS instead");
        } catch (AgentInitializationException | IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "loading the agent into process " + target + " failed: "
                    + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** sockrepl's own jar: the isolated class loader in the target loads everything from it. */
    private static Path ownJar() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new CliFailure(ExitCodes.USAGE, "inject needs the packaged sockrepl.jar (run ./sockrepl)");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot locate sockrepl's jar: " + e.getMessage());
        }
    }
}
