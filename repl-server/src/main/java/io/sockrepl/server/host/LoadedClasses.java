package io.sockrepl.server.host;

import io.sockrepl.server.agent.Instrumentations;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one loaded class a command acts on, named by the user. In a servlet container or a plugin
 * host a name can belong to several loaders (each webapp has its own copy): then the name alone is
 * refused with the list of loaders, and a loader chosen by {@link #loader(String)} settles it.
 * Classes of sockrepl's own loaders are never candidates.
 */
public final class LoadedClasses {

    private LoadedClasses() {}

    /**
     * The class named {@code className}: as {@code loader} sees it when one is given, else the one
     * class of that name this JVM has loaded, else one a thread's context loader can load.
     *
     * @throws LoaderNotFoundException when there is no such class, or several and no loader to choose
     */
    public static Class<?> resolve(String className, ClassLoader loader) throws LoaderNotFoundException {
        if (loader != null) {
            try {
                return Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new LoaderNotFoundException(
                        "the class loader " + HostLoaders.describe(loader) + " has no class named " + className);
            }
        }
        List<Class<?>> loaded = loaded(className);
        if (loaded.size() == 1) {
            return loaded.get(0);
        }
        if (loaded.size() > 1) {
            throw new LoaderNotFoundException(className + " is loaded by " + loaded.size() + " class loaders ("
                    + loaded.stream()
                            .map(c -> HostLoaders.describe(c.getClassLoader()))
                            .collect(Collectors.joining("; "))
                    + "): choose one with --loader ID (in the console, /loader ID first)");
        }
        for (ClassLoader l : HostLoaders.contextLoaders()) {
            try {
                return Class.forName(className, false, l);
            } catch (ClassNotFoundException | LinkageError notHere) {
                // try the next
            }
        }
        throw new LoaderNotFoundException("no class loader of this JVM has loaded a class named " + className);
    }

    /**
     * The loader {@code spec} names: its id as {@code /loaders} shows it ({@code @1b6d3586}), its
     * web application's context name ({@code /shop}), its own name, or a class it loaded.
     */
    public static ClassLoader loader(String spec) throws LoaderNotFoundException {
        Optional<Instrumentation> inst = Instrumentations.ifAvailable();
        if (inst.isPresent()) {
            Set<ClassLoader> all = new LinkedHashSet<>();
            for (Class<?> c : inst.get().getAllLoadedClasses()) {
                if (c.getClassLoader() != null) {
                    all.add(c.getClassLoader());
                }
            }
            List<ClassLoader> named = new ArrayList<>();
            for (ClassLoader l : all) {
                if (!HostLoaders.isOwn(l) && names(l).contains(spec)) {
                    named.add(l);
                }
            }
            if (named.size() == 1) {
                return named.get(0);
            }
            if (named.size() > 1) {
                throw new LoaderNotFoundException("several class loaders go by '" + spec + "' ("
                        + named.stream().map(HostLoaders::describe).collect(Collectors.joining("; "))
                        + "): choose one by its @id");
            }
        }
        Class<?> type = resolve(spec, null);
        return type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
    }

    /** Every loaded class of this name outside sockrepl's own loaders. */
    static List<Class<?>> loaded(String className) {
        Optional<Instrumentation> inst = Instrumentations.ifAvailable();
        if (inst.isEmpty()) {
            return List.of();
        }
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : inst.get().getAllLoadedClasses()) {
            if (c.getName().equals(className)
                    && (c.getClassLoader() == null || !HostLoaders.isOwn(c.getClassLoader()))) {
                out.add(c);
            }
        }
        return out;
    }

    /** What a user may call a loader by. */
    private static Set<String> names(ClassLoader l) {
        Set<String> names = new LinkedHashSet<>();
        String id = Integer.toHexString(System.identityHashCode(l));
        names.add(id);
        names.add("@" + id);
        if (l.getName() != null) {
            names.add(l.getName());
        }
        HostLoaders.contextName(l).ifPresent(context -> {
            names.add(context);
            names.add(context.startsWith("/") ? context.substring(1) : "/" + context);
        });
        return names;
    }
}
