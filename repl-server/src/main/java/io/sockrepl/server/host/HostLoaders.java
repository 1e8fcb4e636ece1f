package io.sockrepl.server.host;

import io.sockrepl.server.agent.Instrumentations;
import io.sockrepl.server.eval.Engine;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Which class loader snippets run in: the application's, which in a Spring Boot fat jar, a servlet
 * container or any launcher is not the system class loader. Chosen, in this order: the loader the
 * embedder gave; the loader of a class named by the user ({@code inject --loader}, {@code /loader},
 * a request's {@code loader}); the loader of the main jar's {@code Start-Class} (Spring Boot); the
 * deepest context class loader of the application's non-daemon threads; the system class loader.
 */
public final class HostLoaders implements AutoCloseable {

    private static final ClassLoader OWN = HostLoaders.class.getClassLoader();

    private final ClassLoader given;
    private final String givenClass;
    private final LoaderClassPath classPaths = new LoaderClassPath(HostLoaders.class);
    /** The choice once it is certain (a named class or the Start-Class was found); it cannot change. */
    private volatile ClassLoader settled;

    /**
     * @param given      the loader to use, or null to choose one
     * @param givenClass a class whose loader to use when {@code given} is null, or null to choose
     */
    public HostLoaders(ClassLoader given, String givenClass) {
        this.given = given;
        this.givenClass = givenClass;
    }

    /** The loader snippets run in unless a request or session names another. */
    public ClassLoader preferred() throws LoaderNotFoundException {
        if (given != null) {
            return given;
        }
        ClassLoader known = settled;
        if (known != null) {
            return known;
        }
        if (givenClass != null) {
            return settled = ofClass(givenClass);
        }
        Optional<String> start = START_CLASS;
        if (start.isPresent()) {
            try {
                return settled = ofClass(start.get());
            } catch (LoaderNotFoundException notYet) {
                // the launcher has not loaded it yet (a -javaagent before main): look at threads
            }
        }
        return deepestContextLoader();
    }

    /** What the compiler reads to see what {@code loader} sees. */
    public String classPath(ClassLoader loader) {
        return classPaths.of(loader);
    }

    /**
     * The loader {@code spec} names: a class it loaded, its id as {@code /loaders} shows it, or its
     * web application's context name.
     *
     * @throws LoaderNotFoundException naming the class, when no loader of this JVM has it, or the
     *     loaders, when several have a class of that name
     */
    public static ClassLoader ofClass(String spec) throws LoaderNotFoundException {
        return LoadedClasses.loader(spec);
    }

    /** The deepest context loader of the application's non-daemon threads, or the system loader. */
    private static ClassLoader deepestContextLoader() {
        List<ClassLoader> candidates = new ArrayList<>();
        for (Thread t : allThreads()) {
            ClassLoader l = t.getContextClassLoader();
            if (!t.isDaemon() && l != null && !isOwn(l) && !candidates.contains(l)) {
                candidates.add(l);
            }
        }
        return candidates.stream()
                .filter(c -> candidates.stream().noneMatch(o -> o != c && isAncestor(c, o)))
                .findFirst()
                .orElse(ClassLoader.getSystemClassLoader());
    }

    /** {@code Start-Class} of the jar the JVM was started with ({@code java -jar app.jar}). */
    private static final Optional<String> START_CLASS = startClass();

    private static Optional<String> startClass() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ", 2)[0];
        if (!first.endsWith(".jar") || !Files.isRegularFile(Path.of(first))) {
            return Optional.empty();
        }
        try (JarFile jar = new JarFile(first)) {
            return jar.getManifest() == null
                    ? Optional.empty()
                    : Optional.ofNullable(jar.getManifest().getMainAttributes().getValue("Start-Class"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The live threads, without the stack traces {@link Thread#getAllStackTraces()} would take. */
    private static List<Thread> allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return java.util.Arrays.asList(threads).subList(0, n);
    }

    private static boolean isAncestor(ClassLoader ancestor, ClassLoader of) {
        for (ClassLoader l = of.getParent(); l != null; l = l.getParent()) {
            if (l == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * sockrepl's own loader, or one it made for snippets (or one made under those): never the
     * application's. A thread a snippet left running has its state's snippet loader as context
     * loader; taking it for the application's would put the next snippet in a new, empty state.
     */
    static boolean isOwn(ClassLoader l) {
        for (ClassLoader c = l; c != null; c = c.getParent()) {
            if (Engine.isSnippetLoader(c) || (c == OWN && OWN != ClassLoader.getSystemClassLoader())) {
                return true;
            }
        }
        return false;
    }

    static Set<ClassLoader> contextLoaders() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        for (Thread t : allThreads()) {
            ClassLoader l = t.getContextClassLoader();
            if (l != null && !isOwn(l)) {
                loaders.add(l);
            }
        }
        loaders.add(ClassLoader.getSystemClassLoader());
        return loaders;
    }

    /** A loader as people know it: its class, its name or web application if it has one, and its id. */
    public static String describe(ClassLoader l) {
        if (l == null) {
            return "bootstrap";
        }
        String name = l.getName() == null ? "" : " '" + l.getName() + "'";
        String context = contextName(l)
                .map(c -> " (webapp " + c + ")")
                .or(() -> springBootJar(l).map(j -> " (Spring Boot app " + j + ")"))
                .orElse("");
        return l.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(l)) + name + context;
    }

    /** The context path of a servlet container's web application loader (Tomcat's), if it is one. */
    static Optional<String> contextName(ClassLoader l) {
        for (Class<?> c = l.getClass(); c != null && c != ClassLoader.class; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.catalina.loader.WebappClassLoaderBase")) {
                try {
                    Object name = c.getMethod("getContextName").invoke(l);
                    return Optional.ofNullable(name).map(String::valueOf).map(n -> n.startsWith("/") ? n : "/" + n);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The file name of the fat jar a Spring Boot launcher's loader runs, if it is one: its
     * {@code BOOT-INF/classes} entry is inside that jar ({@code jar:nested:/srv/shop.jar/!BOOT-INF/classes/!/}
     * from Spring Boot 3.2, {@code jar:file:/srv/shop.jar!/BOOT-INF/classes!/} before).
     */
    static Optional<String> springBootJar(ClassLoader l) {
        if (!l.getClass().getName().startsWith("org.springframework.boot.loader.")
                || !(l instanceof java.net.URLClassLoader u)) {
            return Optional.empty();
        }
        for (java.net.URL url : u.getURLs()) {
            String s = url.toString();
            int classes = s.indexOf("BOOT-INF/classes");
            int jar = s.lastIndexOf(".jar", classes);
            if (classes > 0 && jar > 0) {
                String path = s.substring(0, jar + 4);
                return Optional.of(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * The class loaders of this JVM with how many classes each has loaded, most first; with
     * {@code className}, only the loaders of classes of that name. The JDK's one-class reflection
     * loaders are one line. Needs Instrumentation.
     */
    public static List<String> census(String className) throws IOException {
        Instrumentation inst = Instrumentations.get();
        Map<ClassLoader, Long> counts = java.util.Arrays.stream(inst.getAllLoadedClasses())
                .filter(c -> c.getClassLoader() != null)
                .collect(Collectors.groupingBy(Class::getClassLoader, Collectors.counting()));
        Set<ClassLoader> shown = className == null
                ? counts.keySet()
                : java.util.Arrays.stream(inst.getAllLoadedClasses())
                        .filter(c -> c.getName().equals(className))
                        .map(c -> c.getClassLoader() == null ? null : c.getClassLoader())
                        .filter(java.util.Objects::nonNull)
                        .collect(Collectors.toSet());
        Function<ClassLoader, String> line =
                l -> String.format("%7d  %s%s", counts.getOrDefault(l, 0L), describe(l), isOwn(l) ? " (sockrepl)" : "");
        List<ClassLoader> reflection = shown.stream()
                .filter(l -> l.getClass().getName().equals(REFLECTION_LOADER))
                .toList();
        List<String> lines = shown.stream()
                .filter(l -> !reflection.contains(l))
                .sorted(Comparator.comparing((ClassLoader l) -> counts.getOrDefault(l, 0L))
                        .reversed())
                .map(line)
                .collect(Collectors.toList());
        if (!reflection.isEmpty()) {
            lines.add(String.format(
                    "%7d  %s (%d loaders of one reflection accessor each)",
                    reflection.stream()
                            .mapToLong(l -> counts.getOrDefault(l, 0L))
                            .sum(),
                    REFLECTION_LOADER,
                    reflection.size()));
        }
        return lines;
    }

    /** The loader the JDK defines each generated reflection accessor in (up to JDK 21). */
    private static final String REFLECTION_LOADER = "jdk.internal.reflect.DelegatingClassLoader";

    /** Removes what was copied for the compiler. */
    @Override
    public void close() {
        classPaths.close();
    }
}
