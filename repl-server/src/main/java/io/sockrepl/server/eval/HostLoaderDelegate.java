package io.sockrepl.server.eval;

import java.security.SecureClassLoader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;

/**
 * Loads snippet classes under a class loader whose parent is the host's, so that snippets see the
 * host's classes and objects as they are (JDK 17's own delegate always uses the system loader).
 * It also reports each class it loads, so that stack frames can be traced to their snippet.
 *
 * <p>The snippet loader has no class path of its own. The compiler's class path is a picture of
 * what the loaders see; loading from it as well defined a second copy of every class the host's
 * loader did not have (sockrepl's own, JLine's), and a bound object then failed its cast to its
 * own type.
 */
final class HostLoaderDelegate implements LoaderDelegate {

    /** sockrepl's runtime (get, bindings, Heap, Instrumentations): one copy, the server's. */
    private static final String SERVER_PACKAGES = "io.sockrepl.server.";

    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    private final Consumer<String> onLoad;

    HostLoaderDelegate(ClassLoader host, List<Binding> bindings, Consumer<String> onLoad) {
        this.loader = new SnippetClassLoader(host, pinnedPackages(host, bindings));
        this.onLoad = onLoad;
    }

    /**
     * Libraries of bound objects that sockrepl brought (JLine for the console's {@code terminal})
     * resolve through sockrepl's loader even when the host has a copy of its own: the object is of
     * sockrepl's copy, and the snippet's variable must be too.
     */
    private static Set<String> pinnedPackages(ClassLoader host, List<Binding> bindings) {
        Set<String> pinned = new HashSet<>();
        pinned.add(SERVER_PACKAGES);
        if (SnippetClassLoader.SOCKREPL == host) {
            return pinned;
        }
        for (Binding b : bindings) {
            if (b.type().getClassLoader() == SnippetClassLoader.SOCKREPL) {
                String[] parts = b.type().getPackageName().split("\\.");
                pinned.add(
                        parts.length >= 2
                                ? parts[0] + "." + parts[1] + "."
                                : b.type().getPackageName() + ".");
            }
        }
        return pinned;
    }

    ClassLoader hostLoader() {
        return loader.getParent();
    }

    ClassLoader snippetLoader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, EngineTerminationException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), ExitCalls.rewrite(cbc.bytecodes()));
        }
        try {
            for (int i = 0; i < cbcs.length; i++) {
                String name = cbcs[i].name();
                onLoad.accept(name);
                loaded.put(name, loader.loadClass(name));
                installed[i] = true;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ClassInstallException("could not load snippet class: " + e, installed);
        }
    }

    /** Nothing to keep: a redefined class is loaded already, and the JVM holds what it runs. */
    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {}

    /** The class path goes to the compiler only (see the class comment). */
    @Override
    public void addToClasspath(String path) {
        // nothing to load from: classes come through the host's loader and sockrepl's
    }

    /** Whether a snippet defined this class (its own, a lambda's, an anonymous one's), in any state. */
    static boolean isSnippetCode(Class<?> c) {
        return isSnippetLoader(c.getClassLoader());
    }

    /** Whether this is the loader of a state's snippets (in any state). */
    static boolean isSnippetLoader(ClassLoader l) {
        return l instanceof SnippetClassLoader;
    }

    /** A snippet class this delegate has loaded, or null: never loads one. */
    Class<?> loadedClass(String name) {
        return loaded.get(name);
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = loaded.get(name);
        return c != null ? c : loader.loadClass(name);
    }

    /**
     * Snippet classes see the host's classes first. sockrepl's own classes ({@code get}, bindings,
     * the server) always come from sockrepl's loader, which is not the host's when sockrepl was
     * injected into a JVM; so do classes the host does not have.
     */
    private static final class SnippetClassLoader extends SecureClassLoader {
        static {
            registerAsParallelCapable();
        }

        static final ClassLoader SOCKREPL = SnippetClassLoader.class.getClassLoader();
        /**
         * Names no loader: on JDK 17 to 23 a thread records the domains of the code that started it,
         * and a JDK pool thread a snippet started would otherwise keep this loader for good.
         */
        private static final java.security.ProtectionDomain DOMAIN = new java.security.ProtectionDomain(
                new java.security.CodeSource(null, (java.security.CodeSigner[]) null), null, null, null);

        /** What a declared class's bytes become once it is defined: the name still routes to this loader. */
        private static final byte[] DEFINED = new byte[0];

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
        private final Set<String> pinned;

        SnippetClassLoader(ClassLoader parent, Set<String> pinned) {
            super("sockrepl-snippets", parent);
            this.pinned = pinned;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (declared.containsKey(name)) {
                return super.loadClass(name, resolve);
            }
            for (String p : pinned) {
                if (name.startsWith(p)) {
                    return SOCKREPL.loadClass(name);
                }
            }
            try {
                return super.loadClass(name, resolve);
            } catch (ClassNotFoundException notInHost) {
                if (SOCKREPL == getParent()) {
                    throw notInHost;
                }
                return SOCKREPL.loadClass(name);
            }
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes == null || bytes == DEFINED) {
                throw new ClassNotFoundException(name);
            }
            Class<?> c = defineClass(name, bytes, 0, bytes.length, DOMAIN);
            // every snippet's class stays loaded; its bytes need not stay too
            declared.put(name, DEFINED);
            return c;
        }
    }
}
