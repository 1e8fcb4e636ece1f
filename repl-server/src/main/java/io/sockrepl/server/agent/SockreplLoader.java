package io.sockrepl.server.agent;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Loads an injected server's classes from sockrepl's jar, so that a stopped server can be
 * collected whole in a JVM that goes on.
 *
 * <p>A {@code URLClassLoader} would not let it: the protection domain of each class it defines
 * names the loader, and on JDK 17 to 23 every thread records the protection domains of the code
 * that created it. A pool thread of the JDK that a server's call happened to start (JShell's
 * indexer is one) then keeps that server's loader, and all it reaches, for the life of the JVM.
 * The domains here name no loader. Resources are read from the jar this loader holds, not through
 * the JDK's shared cache of jar files, which would keep the jar open after {@link #close}.
 */
final class SockreplLoader extends ClassLoader implements Closeable {

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL location;
    private final ProtectionDomain domain;
    private final URLStreamHandler entries = new Entries();

    SockreplLoader(Path jarFile, ClassLoader parent) throws IOException {
        super("sockrepl", parent);
        this.jar = new JarFile(jarFile.toFile(), true, ZipFile.OPEN_READ, Runtime.version());
        this.location = jarFile.toUri().toURL();
        this.domain = new ProtectionDomain(new CodeSource(location, (CodeSigner[]) null), null, null, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(name.replace('.', '/') + ".class");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException | IllegalStateException e) {
            throw new ClassNotFoundException(name + " (reading " + location + ": " + e + ")", e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
            try {
                definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
            } catch (IllegalArgumentException definedMeanwhile) {
                // another thread defined it first
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        JarEntry entry = jar.getJarEntry(name);
        if (entry == null) {
            return null;
        }
        try {
            return new URL(null, "jar:" + location + "!/" + entry.getRealName(), entries);
        } catch (java.net.MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(url));
    }

    @Override
    public void close() throws IOException {
        jar.close();
    }

    /** Opens this jar's resource URLs from the jar itself. */
    private final class Entries extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) {
            String spec = url.toString();
            String name = spec.substring(spec.indexOf("!/") + 2);
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    JarEntry entry = jar.getJarEntry(name);
                    if (entry == null) {
                        throw new java.io.FileNotFoundException(spec);
                    }
                    return jar.getInputStream(entry);
                }
            };
        }
    }
}
