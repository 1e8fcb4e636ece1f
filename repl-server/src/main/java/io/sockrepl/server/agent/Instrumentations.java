package io.sockrepl.server.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The Instrumentation that class redefinition needs: the agent's, or one fetched by self-attach. */
public final class Instrumentations {

    private static volatile Instrumentation instrumentation;

    private Instrumentations() {}

    static void remember(Instrumentation i) {
        instrumentation = i;
    }

    /** This JVM's Instrumentation if sockrepl came in as an agent or has fetched one already. */
    public static Optional<Instrumentation> ifAvailable() {
        Instrumentation i = instrumentation != null ? instrumentation : AgentBootstrap.instrumentation();
        return Optional.ofNullable(i);
    }

    /**
     * This JVM's Instrumentation. When sockrepl was not loaded as an agent, a helper process
     * attaches to this JVM once and loads the agent to get one.
     *
     * @throws IOException with a message for the user when none can be had
     */
    public static synchronized Instrumentation get() throws IOException {
        if (instrumentation == null) {
            instrumentation = AgentBootstrap.instrumentation();
        }
        if (instrumentation == null) {
            selfAttach();
            instrumentation = AgentBootstrap.instrumentation();
        }
        if (instrumentation == null) {
            throw new IOException("no Instrumentation in this JVM: self-attach did not deliver one "
                    + "(start it with -javaagent:sockrepl-agent.jar, or allow dynamic agents)");
        }
        return instrumentation;
    }

    private static void selfAttach() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath;
        try {
            classPath = Path.of(SelfAttach.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate sockrepl's classes", e);
        }
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        classPath,
                        SelfAttach.class.getName(),
                        String.valueOf(ProcessHandle.current().pid()),
                        AgentJar.create().toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("self-attach failed: "
                        + out.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while attaching to this JVM");
        }
    }
}
