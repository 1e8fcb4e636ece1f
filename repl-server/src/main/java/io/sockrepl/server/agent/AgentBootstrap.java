package io.sockrepl.server.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Path;

/**
 * The entry point of sockrepl's Java agent, for {@code sockrepl inject} and
 * {@code -javaagent:sockrepl-agent.jar=ADDRESS}. It depends on nothing but the JDK, because it is the
 * only sockrepl class the target application's class loader ever sees: everything else loads from
 * sockrepl's jar under a class loader of its own, whose parent is the platform loader, so none of
 * sockrepl's libraries (JLine, Kotlin, JNA, Gson, junixsocket) can clash with the application's.
 * (Relocating them with the shade plugin is not enough: JNA's and junixsocket's native methods are
 * bound to their original class names.)
 *
 * <p>Agent arguments are {@code key=value} pairs separated by {@code ;}: {@code jar} (sockrepl's
 * jar; by default {@code sockrepl.jar} next to the agent's jar), {@code address}, {@code session}
 * (session file; empty for none), {@code loader} (a class whose loader snippets run in; by default
 * the application's is found), {@code log} (the server's log file, {@code -} for stderr; by default
 * next to the socket), {@code audit} (the audit log, {@code -} for none; by default next to the
 * socket). A bare argument is the address. The outcome is left in system properties
 * for the injector to read.
 *
 * <p>For {@code -javaagent}, use {@code sockrepl-agent.jar}, which holds this class alone: the JVM
 * puts an agent's jar on the application's class path, where sockrepl's libraries (an slf4j
 * binding among them) would take over the application's own.
 */
public final class AgentBootstrap {

    /** Where the running server listens, once started. */
    public static final String ADDRESS_PROPERTY = "sockrepl.agent.address";
    /** Why the last start failed, if it did. */
    public static final String ERROR_PROPERTY = "sockrepl.agent.error";
    /** The agent argument that only hands over an Instrumentation, for class redefinition. */
    public static final String INSTRUMENT_ONLY = "instrument";

    private static volatile Instrumentation instrumentation;

    private AgentBootstrap() {}

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    /** The Instrumentation an instrument-only load delivered, or null. */
    static Instrumentation instrumentation() {
        return instrumentation;
    }

    private static synchronized void start(String args, Instrumentation instrumentation) {
        if (INSTRUMENT_ONLY.equals(args)) {
            AgentBootstrap.instrumentation = instrumentation;
            return;
        }
        System.clearProperty(ERROR_PROPERTY);
        if (System.getProperty(ADDRESS_PROPERTY) != null) {
            return;
        }
        try {
            requireCompiler();
            String jar = argument(args, "jar");
            if (jar == null) {
                Path agentJar = Path.of(AgentBootstrap.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                jar = agentJar.resolveSibling("sockrepl.jar").toString();
            }
            if (!java.nio.file.Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("sockrepl's jar is not at " + jar + " (give its place with jar=PATH)");
            }
            SockreplLoader isolated = new SockreplLoader(Path.of(jar), new JdkOnly());
            Class<?> main = Class.forName("io.sockrepl.server.agent.AgentMain", true, isolated);
            Method run = main.getMethod(
                    "start",
                    String.class,
                    String.class,
                    Instrumentation.class,
                    String.class,
                    String.class,
                    String.class,
                    Runnable.class);
            Runnable ended = () -> {
                System.clearProperty(ADDRESS_PROPERTY);
                try {
                    isolated.close();
                } catch (java.io.IOException e) {
                    // the jar stays open until the loader is collected
                }
            };
            Object effective = run.invoke(
                    null,
                    argument(args, "address"),
                    argument(args, "session"),
                    instrumentation,
                    argument(args, "loader"),
                    argument(args, "log"),
                    argument(args, "audit"),
                    ended);
            System.setProperty(ADDRESS_PROPERTY, String.valueOf(effective));
        } catch (ReflectiveOperationException
                | RuntimeException
                | java.io.IOException
                | java.net.URISyntaxException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            System.setProperty(ERROR_PROPERTY, String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
        }
    }

    /**
     * Snippets are compiled in this JVM, so its runtime must hold JShell and javac, and they must be
     * in its module graph (an application launched as a named module resolves only what it reads).
     */
    private static void requireCompiler() {
        for (String module : new String[] {"jdk.jshell", "jdk.compiler"}) {
            if (ModuleLayer.boot().findModule(module).isPresent()) {
                continue;
            }
            if (java.lang.module.ModuleFinder.ofSystem().find(module).isPresent()) {
                throw new IllegalStateException("this JVM's runtime has " + module + " but did not resolve it; start "
                        + "the application with --add-modules jdk.jshell");
            }
            throw new IllegalStateException("this JVM's runtime has no " + module + " module (a JRE or jlink image); "
                    + "run the application on a full JDK, or jlink its image with jdk.jshell");
        }
    }

    /**
     * Sees the JDK's modules and nothing of the application. The platform loader alone is not
     * enough: jdk.jshell and jdk.compiler are defined to the application loader.
     */
    private static final class JdkOnly extends ClassLoader {
        private final java.util.Set<String> packages = new java.util.HashSet<>();

        JdkOnly() {
            super("sockrepl-jdk", null);
            for (Module m : ModuleLayer.boot().modules()) {
                packages.addAll(m.getPackages());
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            int dot = name.lastIndexOf('.');
            if (dot > 0 && packages.contains(name.substring(0, dot))) {
                return ClassLoader.getSystemClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            return ClassLoader.getPlatformClassLoader().getResource(name);
        }
    }

    private static String argument(String args, String key) {
        if (args == null || args.isBlank()) {
            return null;
        }
        if (!args.contains("=")) {
            return "address".equals(key) ? args.trim() : null;
        }
        for (String pair : args.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(key)) {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
