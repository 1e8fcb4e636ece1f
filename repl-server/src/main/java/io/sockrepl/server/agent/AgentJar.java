package io.sockrepl.server.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A jar holding only the agent's entry point. The JVM appends an agent's jar to the target's
 * class path, so this keeps every other sockrepl class out of the application's sight.
 */
public final class AgentJar {

    private AgentJar() {}

    /**
     * Writes the jar to a temporary file (deleted when this JVM exits): for {@code inject}, and as
     * {@code -javaagent:JAR=instrument} for a JVM that only needs sockrepl to have Instrumentation.
     */
    public static Path create() throws IOException {
        Path jar = Files.createTempFile("sockrepl-agent", ".jar");
        jar.toFile().deleteOnExit();
        return write(jar);
    }

    /**
     * Writes the jar into {@code directory}, whose owner removes it: for a process that ends
     * without running this JVM's exit hooks, as a JVM that makes way for a shell does.
     */
    public static Path createIn(Path directory) throws IOException {
        return write(directory.resolve("sockrepl-agent.jar"));
    }

    private static Path write(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Agent-Class", AgentBootstrap.class.getName());
        main.putValue("Premain-Class", AgentBootstrap.class.getName());
        main.putValue("Can-Redefine-Classes", "true");
        // retransforming with a transformer that changes nothing is how the running bytes are read
        main.putValue("Can-Retransform-Classes", "true");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            // the same classes as sockrepl-agent.jar, which the build makes (repl-server's pom)
            for (Class<?> top : List.of(AgentBootstrap.class, SockreplLoader.class)) {
                for (Class<?> c : top.getNestMembers()) {
                    String name = c.getName().replace('.', '/') + ".class";
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream in = AgentBootstrap.class.getResourceAsStream("/" + name)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
