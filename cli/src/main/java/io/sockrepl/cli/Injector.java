package io.sockrepl.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.sockrepl.core.Address;
import io.sockrepl.server.agent.AgentBootstrap;
import io.sockrepl.server.agent.AgentJar;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Starts a server inside a running JVM of this user through the Attach API, or finds the one that
 * runs there already. Every refusal is a {@link CliFailure} that says what to do.
 */
final class Injector {

    /**
     * @param address        where the JVM's server listens
     * @param alreadyRunning whether it was there before
     */
    record Result(String address, boolean alreadyRunning) {
    }

    private final String loader;
    private final String log;
    private final String auditLog;

    /** Each null for the agent's default. */
    Injector(String loader, String log, String auditLog) {
        this.loader = loader;
        this.log = log;
        this.auditLog = auditLog;
    }

    /** @param session the session file the server writes; empty for none */
    Result inject(long target, Address where, String session) {
        ProcessHandle process = ProcessHandle.of(target).orElseThrow(() ->
                new CliFailure(ExitCodes.UNREACHABLE, "no such process: " + target));
        Optional<String> owner = process.info().user();
        String me = System.getProperty("user.name");
        if (owner.isPresent() && !owner.get().equals(me)) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "process " + target + " belongs to " + owner.get()
                    + "; the JVM only lets its own user attach (run sockrepl as " + owner.get() + ")");
        }
        try {
            return attachAndLoad(target, where, session);
        } catch (NoClassDefFoundError e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "this Java runtime has no attach support (module "
                    + "jdk.attach); run sockrepl with a full JDK");
        }
    }

    private Result attachAndLoad(long target, Address where, String session) {
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
                return new Result(running, true);
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
            return new Result(props.getProperty(AgentBootstrap.ADDRESS_PROPERTY), false);
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
    static Path ownJar() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new CliFailure(ExitCodes.USAGE, "this needs the packaged sockrepl.jar (run ./sockrepl)");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot locate sockrepl's jar: " + e.getMessage());
        }
    }
}
