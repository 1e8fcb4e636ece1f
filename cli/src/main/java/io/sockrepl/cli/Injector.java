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
    record Result(String address, boolean alreadyRunning) {}

    private final String loader;
    private final String log;
    private final String auditLog;

    /** Each null for the agent's default; {@code auditLog} is absolute, or {@code -} for none. */
    Injector(String loader, String log, String auditLog) {
        this.loader = loader;
        this.log = log;
        this.auditLog = auditLog;
    }

    /** @param session the session file the server writes; empty for none */
    Result inject(long target, Address where, String session) {
        return attached(target, vm -> {
            String running = vm.getSystemProperties().getProperty(AgentBootstrap.ADDRESS_PROPERTY);
            return running != null ? new Result(running, true) : load(vm, target, where, session);
        });
    }

    /** Where the server injected into {@code target} listens, if one runs there; injects nothing. */
    static Optional<String> running(long target) {
        return Optional.ofNullable(
                attached(target, vm -> vm.getSystemProperties().getProperty(AgentBootstrap.ADDRESS_PROPERTY)));
    }

    private interface Attached<T> {
        T with(VirtualMachine vm) throws IOException, AgentLoadException, AgentInitializationException;
    }

    /**
     * Runs {@code action} attached to {@code target}, once it is known to be a JVM of this user, in
     * this mount namespace, of a Java sockrepl can join: nothing is sent to any other process.
     */
    private static <T> T attached(long target, Attached<T> action) {
        ProcessHandle process = ProcessHandle.of(target)
                .orElseThrow(() -> new CliFailure(ExitCodes.UNREACHABLE, "no such process: " + target));
        AttachPreconditions.requireSameUser(process);
        AttachPreconditions.requireJvm(target);
        AttachPreconditions.requireSameMountNamespace(target);
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(String.valueOf(target));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "cannot attach to process " + target + ": " + e.getMessage()
                            + " (was it started with -XX:+DisableAttachMechanism?)");
        } catch (NoClassDefFoundError e) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "this Java runtime has no attach support (module jdk.attach); run sockrepl with a full JDK");
        }
        try {
            AttachPreconditions.requireSupportedJava(target, vm.getSystemProperties());
            return action.with(vm);
        } catch (AgentLoadException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, refusedAgent(target, e));
        } catch (AgentInitializationException | IOException e) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE, "loading the agent into process " + target + " failed: " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private Result load(VirtualMachine vm, long target, Address where, String session)
            throws IOException, AgentLoadException, AgentInitializationException {
        vm.loadAgent(
                AgentJar.create().toString(),
                "jar=" + ownJar() + ";address=" + where + ";session=" + session
                        + (loader == null ? "" : ";loader=" + loader) + (log == null ? "" : ";log=" + log)
                        + (auditLog == null ? "" : ";audit=" + auditLog));
        Properties props = vm.getSystemProperties();
        String error = props.getProperty(AgentBootstrap.ERROR_PROPERTY);
        if (error != null) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE, "the agent could not start a server in process " + target + ": " + error);
        }
        return new Result(props.getProperty(AgentBootstrap.ADDRESS_PROPERTY), false);
    }

    private static String refusedAgent(long target, AgentLoadException e) {
        String why = String.valueOf(e.getMessage());
        if (why.contains("java.instrument")) {
            return "process " + target + "'s runtime has no java.instrument module (a JRE or jlink image), so it "
                    + "cannot load agents; run the application on a full JDK " + AttachPreconditions.OLDEST_JAVA + "+";
        }
        return "process " + target + " refuses agents loaded while it runs (" + why + "); start it with -javaagent:"
                + ownJar().resolveSibling("sockrepl-agent.jar") + "=ADDRESS instead";
    }

    /** sockrepl's own jar: the isolated class loader in the target loads everything from it. */
    static Path ownJar() {
        try {
            Path p = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!Files.isRegularFile(p)) {
                throw new CliFailure(ExitCodes.USAGE, "this needs the packaged sockrepl.jar (run ./sockrepl)");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot locate sockrepl's jar: " + e.getMessage());
        }
    }
}
