package io.sockrepl.server.eval;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads snippet classes under a class loader whose parent is the host's, so that snippets see the
 * host's classes and objects as they are (JDK 17's own delegate always uses the system loader).
 * It also reports each class it loads, so that stack frames can be traced to their snippet.
 */
final class HostLoaderDelegate implements LoaderDelegate {

    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    private final Consumer<String> onLoad;

    HostLoaderDelegate(ClassLoader host, Consumer<String> onLoad) {
        this.loader = new SnippetClassLoader(host);
        this.onLoad = onLoad;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, EngineTerminationException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
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

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) throws EngineTerminationException, InternalException {
        for (String element : path.split(File.pathSeparator)) {
            if (element.isEmpty()) {
                continue;
            }
            try {
                loader.addURL(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new InternalException("bad class path element " + element);
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = loaded.get(name);
        return c != null ? c : loader.loadClass(name);
    }

    /**
     * Snippet classes see the host's classes first. sockrepl's runtime ({@code get}, bindings)
     * comes from sockrepl's loader, which is not the host's when sockrepl was injected into a JVM;
     * so do classes the host does not have (JLine, for the console's {@code terminal}).
     */
    private static final class SnippetClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private static final ClassLoader SOCKREPL = SnippetClassLoader.class.getClassLoader();
        /** What snippets call into (get, bindings): it must be the one copy the server uses. */
        private static final String RUNTIME_PACKAGE = Snippets.class.getPackageName() + ".";

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        SnippetClassLoader(ClassLoader parent) {
            super(new URL[0], parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(RUNTIME_PACKAGE)) {
                return SOCKREPL.loadClass(name);
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
        protected void addURL(URL url) {
            super.addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes == null) {
                return super.findClass(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
