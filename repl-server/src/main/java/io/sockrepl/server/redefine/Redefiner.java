package io.sockrepl.server.redefine;

import io.sockrepl.server.agent.Instrumentations;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.host.LoaderNotFoundException;
import java.io.IOException;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces the method bodies of classes that are already loaded, from a new version of their
 * source: running code picks them up on its next call. Changes the JVM cannot apply are refused
 * before anything is touched, naming the change; the old class keeps running.
 */
public final class Redefiner {

    private final HostLoaders loaders;

    /** @param loaders the application's class loaders: the classes to redefine are theirs */
    public Redefiner(HostLoaders loaders) {
        this.loaders = loaders;
    }

    /**
     * Compiles {@code source} and redefines every class it declares.
     *
     * @return the names of the redefined classes
     */
    public List<String> redefine(String fileName, String source) throws RedefinitionException {
        ClassLoader host;
        try {
            host = loaders.preferred();
        } catch (LoaderNotFoundException e) {
            throw new RedefinitionException(e.getMessage());
        }
        Map<String, byte[]> compiled = SourceCompiler.compile(fileName, source, loaders.classPath(host));
        Instrumentation inst;
        try {
            inst = Instrumentations.get();
        } catch (IOException e) {
            throw new RedefinitionException(e.getMessage());
        }
        List<ClassDefinition> definitions = new ArrayList<>();
        Probe probe = new Probe(host, compiled);
        for (Map.Entry<String, byte[]> e : compiled.entrySet()) {
            Class<?> loaded = loaded(inst, host, e.getKey()).orElseThrow(() -> new RedefinitionException(
                    "class " + e.getKey() + " is not loaded in this JVM, so there is nothing to redefine"));
            List<String> refused = ClassChanges.unsupported(loaded, probe.define(e.getKey()));
            if (!refused.isEmpty()) {
                throw new RedefinitionException("cannot redefine " + e.getKey() + ": the new version "
                        + String.join("; ", refused) + ". A loaded class can only change its method bodies; "
                        + "the old version keeps running.");
            }
            definitions.add(new ClassDefinition(loaded, e.getValue()));
        }
        try {
            inst.redefineClasses(definitions.toArray(ClassDefinition[]::new));
        } catch (UnmodifiableClassException e) {
            throw refused("the JVM does not let this class be modified (" + e.getMessage() + ")");
        } catch (UnsupportedOperationException e) {
            throw refused("the JVM cannot apply this change: " + e.getMessage());
        } catch (LinkageError e) {
            throw refused("the new bytecode was rejected: " + e);
        } catch (ClassNotFoundException e) {
            throw refused("a class the new version needs is missing: " + e.getMessage());
        }
        return List.copyOf(compiled.keySet());
    }

    private static RedefinitionException refused(String why) {
        return new RedefinitionException(why + "; the old version keeps running.");
    }

    private static Optional<Class<?>> loaded(Instrumentation inst, ClassLoader host, String name) {
        try {
            return Optional.of(Class.forName(name, false, host));
        } catch (ClassNotFoundException e) {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(name)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** Defines the new versions in a throwaway loader, only to compare them with the loaded ones. */
    private static final class Probe extends ClassLoader {
        private final Map<String, byte[]> classes;

        Probe(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        Class<?> define(String name) throws RedefinitionException {
            try {
                return loadClass(name);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new RedefinitionException("the new version of " + name + " cannot be loaded: " + e);
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && classes.containsKey(name)) {
                    byte[] b = classes.get(name);
                    c = defineClass(name, b, 0, b.length);
                }
                return c != null ? c : super.loadClass(name, resolve);
            }
        }
    }
}
