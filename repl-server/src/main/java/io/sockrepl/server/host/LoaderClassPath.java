package io.sockrepl.server.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the snippet compiler must read to see the classes a class loader sees, as a class path of
 * real files: the directories and jars of every URL class loader in the loader's chain, the JVM's
 * class path, and sockrepl's own jar.
 *
 * <p>Classes inside nested jars (a Spring Boot fat jar's {@code BOOT-INF/lib/*.jar} and
 * {@code BOOT-INF/classes}, behind {@code jar:nested:} or {@code jar:file:...!/} URLs) are copied
 * once into a private directory (0700) that {@link #close()} removes. Real files, rather than a
 * file manager that reads through the loader, serve javac, JShell's class-name index (Tab
 * completion of names not yet imported) and the redefinition compiler alike, at javac's own speed.
 */
public final class LoaderClassPath implements AutoCloseable {

    private final Path ownJar;
    private final Map<ClassLoader, String> paths = new ConcurrentHashMap<>();
    private final Map<String, Path> copies = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger copied = new java.util.concurrent.atomic.AtomicInteger();
    private Path copiesDir;

    /** @param own a class of sockrepl's, whose jar or directory snippets compile against too */
    public LoaderClassPath(Class<?> own) {
        this.ownJar = codeSourceOf(own);
    }

    /** The class path, in the platform's syntax, that shows the compiler what {@code loader} sees. */
    public String of(ClassLoader loader) {
        return paths.computeIfAbsent(loader, this::compute);
    }

    private String compute(ClassLoader loader) {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    fileFor(url).ifPresent(p -> entries.add(p.toString()));
                }
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        if (ownJar != null) {
            entries.add(ownJar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private java.util.Optional<Path> fileFor(URL url) {
        try {
            if ("file".equals(url.getProtocol())) {
                return java.util.Optional.of(Path.of(url.toURI()));
            }
            if ("jar".equals(url.getProtocol())) {
                return java.util.Optional.of(copies.computeIfAbsent(url.toString(), k -> copyOf(url)));
            }
        } catch (URISyntaxException | IllegalArgumentException | UncheckedIOException e) {
            // a root we cannot read is one the compiler does not see; its classes still run
        }
        return java.util.Optional.empty();
    }

    /**
     * Copies a nested root to a real file: a nested jar as it is, a nested directory (Boot's
     * {@code BOOT-INF/classes}) as a tree of class files.
     */
    private Path copyOf(URL url) {
        try {
            Path target = copiesDir().resolve(String.valueOf(copied.incrementAndGet()));
            Nested nested = Nested.parse(url.toString());
            if (nested != null) {
                try (ZipFile outer = new ZipFile(nested.outer.toFile())) {
                    ZipEntry entry = outer.getEntry(nested.entry);
                    if (entry != null && !entry.isDirectory()) {
                        Path jar = target.resolveSibling(target.getFileName() + ".jar");
                        try (InputStream in = outer.getInputStream(entry)) {
                            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                        }
                        return jar;
                    }
                    String prefix = nested.entry.endsWith("/") ? nested.entry : nested.entry + "/";
                    extract(outer.entries(), prefix, outer::getInputStream, target);
                    return target;
                }
            }
            // any other jar: URL (a custom handler's): read it through its own connection
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                String prefix = connection.getEntryName() == null ? "" : connection.getEntryName();
                Enumeration<JarEntry> entries = jar.entries();
                extract(entries, prefix, e -> jar.getInputStream(e), target);
            }
            return target;
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException(new IOException("cannot read " + url + ": " + e, e));
        }
    }

    private interface Opener<E> {
        InputStream open(E entry) throws IOException;
    }

    private static <E extends ZipEntry> void extract(
            Enumeration<? extends E> entries, String prefix, Opener<E> opener, Path target) throws IOException {
        while (entries.hasMoreElements()) {
            E e = entries.nextElement();
            String name = e.getName();
            if (e.isDirectory() || !name.startsWith(prefix) || !name.endsWith(".class")) {
                continue;
            }
            Path file = target.resolve(name.substring(prefix.length())).normalize();
            if (!file.startsWith(target)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = opener.open(e)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private synchronized Path copiesDir() throws IOException {
        if (copiesDir == null) {
            copiesDir = Files.createTempDirectory(
                    "sockrepl-classes-" + ProcessHandle.current().pid() + "-");
        }
        return copiesDir;
    }

    /** Removes the copies of nested classes. */
    @Override
    public synchronized void close() {
        if (copiesDir == null) {
            return;
        }
        try (Stream<Path> tree = Files.walk(copiesDir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the system cleans it up in the end
        }
        copiesDir = null;
        copies.clear();
        paths.clear();
    }

    static Path codeSourceOf(Class<?> c) {
        java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A root inside a jar on disk: {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} (Spring Boot
     * 3.2+) or {@code jar:file:/app.jar!/BOOT-INF/classes!/} (earlier Boot, other launchers).
     */
    record Nested(Path outer, String entry) {

        static Nested parse(String url) {
            String s = url.startsWith("jar:") ? url.substring(4) : url;
            if (s.endsWith("!/")) {
                s = s.substring(0, s.length() - 2);
            }
            try {
                if (s.startsWith("nested:")) {
                    int bang = s.indexOf("/!");
                    if (bang < 0) {
                        return null;
                    }
                    return new Nested(
                            Path.of(URI.create("file:" + s.substring("nested:".length(), bang))),
                            s.substring(bang + 2));
                }
                if (s.startsWith("file:")) {
                    int bang = s.indexOf("!/");
                    if (bang < 0 || s.indexOf("!/", bang + 2) >= 0) {
                        return null;
                    }
                    return new Nested(Path.of(URI.create(s.substring(0, bang))), s.substring(bang + 2));
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
            return null;
        }
    }
}
