package io.sockrepl.server.redefine;

import io.sockrepl.server.agent.Instrumentations;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.host.LoaderNotFoundException;
import java.io.IOException;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Executable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replaces the method bodies of classes that are already loaded, from a new version of their
 * source or class files: running code picks them up on its next call. Changes the JVM cannot apply
 * are refused before anything is touched, naming the change; the old class keeps running. Every
 * redefinition is recorded as a {@link Patch}, and {@link #revert} puts the original bytes back.
 *
 * <p>Source compiles as the application's build most likely compiled it: against everything the
 * class's own loader sees (nested jars included), for the release of its running class file, with
 * {@code -parameters} when it carries parameter names, and with debug information.
 */
public final class Redefiner {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final HostLoaders loaders;
    private final Map<String, Patch> patches = new LinkedHashMap<>();

    /** @param loaders the application's class loaders: the classes to redefine are theirs */
    public Redefiner(HostLoaders loaders) {
        this.loaders = loaders;
    }

    /**
     * Compiles {@code source} and redefines every class it declares.
     *
     * @param options extra javac options, after the ones inferred from the running class
     * @param by      who asks, for the patch record
     * @return the names of the redefined classes
     */
    public synchronized List<String> redefine(String fileName, String source, List<String> options, String by)
            throws RedefinitionException {
        String className = className(fileName, source);
        Optional<Class<?>> running = find(className);
        ClassLoader loader = running.map(Redefiner::loaderOf).orElse(preferred());
        Instrumentation inst = instrumentation();
        List<String> javac = new ArrayList<>(List.of("-g", "-proc:none"));
        if (running.isPresent()) {
            int release = ClassFileName.release(ClassBytes.of(inst, running.get()));
            if (release >= 8 && release <= Runtime.version().feature()) {
                javac.addAll(List.of("--release", String.valueOf(release)));
            }
            if (hasParameterNames(running.get())) {
                javac.add("-parameters");
            }
        }
        javac.addAll(options);
        return apply(inst, SourceCompiler.compile(fileName, source, loaders.classPath(loader), javac), loader, by);
    }

    /** Redefines classes from class files, as built elsewhere. */
    public synchronized List<String> redefineClassFiles(List<byte[]> classFiles, String by)
            throws RedefinitionException {
        if (classFiles.isEmpty()) {
            throw new RedefinitionException("no class files given");
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (byte[] file : classFiles) {
            classes.put(ClassFileName.of(file), file);
        }
        String first = classes.keySet().iterator().next();
        ClassLoader loader = find(outerOf(first)).map(Redefiner::loaderOf).orElse(preferred());
        return apply(instrumentation(), classes, loader, by);
    }

    /** The redefinitions in effect, oldest first. */
    public synchronized List<Patch> patches() {
        return List.copyOf(patches.values());
    }

    /**
     * Puts back the bytes {@code className} (or, when null, every patched class) ran before it was
     * first patched.
     *
     * @return the reverted classes
     */
    public synchronized List<String> revert(String className) throws RedefinitionException {
        List<Patch> undo = className == null
                ? List.copyOf(patches.values())
                : Stream.of(patches.get(className))
                        .filter(java.util.Objects::nonNull)
                        .toList();
        if (undo.isEmpty()) {
            throw new RedefinitionException(
                    className == null
                            ? "nothing is patched"
                            : className + " is not patched (sockrepl patches lists what is)");
        }
        Instrumentation inst = instrumentation();
        List<ClassDefinition> definitions = new ArrayList<>();
        for (Patch p : undo) {
            Class<?> loaded = find(p.className())
                    .orElseThrow(() -> new RedefinitionException(p.className() + " is no longer loaded"));
            definitions.add(new ClassDefinition(loaded, p.original()));
        }
        redefineClasses(inst, definitions);
        undo.forEach(p -> patches.remove(p.className()));
        return undo.stream().map(Patch::className).toList();
    }

    /** The source of {@code className} as it runs now, decompiled with its nested classes. */
    public String source(String className) throws RedefinitionException {
        Class<?> type = find(className)
                .orElseThrow(() ->
                        new RedefinitionException("no class loader of this JVM has loaded a class named " + className));
        Class<?> host = type.getNestHost();
        return Decompiler.decompile(ClassBytes.ofNest(instrumentation(), host), host.getName(), loaderOf(host));
    }

    private List<String> apply(Instrumentation inst, Map<String, byte[]> compiled, ClassLoader loader, String by)
            throws RedefinitionException {
        List<ClassDefinition> definitions = new ArrayList<>();
        Map<String, byte[]> originals = new LinkedHashMap<>();
        Probe probe = new Probe(loader, compiled);
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : compiled.entrySet()) {
            Optional<Class<?>> found = loaded(inst, loader, e.getKey());
            if (found.isEmpty()) {
                added.add(e.getKey());
                continue;
            }
            Class<?> loaded = found.get();
            List<String> refused = ClassChanges.unsupported(loaded, probe.define(e.getKey()));
            if (!refused.isEmpty()) {
                throw new RedefinitionException("cannot redefine " + e.getKey() + ": the new version "
                        + String.join("; ", refused) + ". A loaded class can only change its method bodies; "
                        + "the old version keeps running.");
            }
            if (!patches.containsKey(e.getKey())) {
                originals.put(e.getKey(), ClassBytes.of(inst, loaded));
            }
            definitions.add(new ClassDefinition(loaded, e.getValue()));
        }
        if (definitions.isEmpty()) {
            throw new RedefinitionException("class " + String.join(", ", compiled.keySet())
                    + " is not loaded in this JVM, so there is nothing to redefine");
        }
        defineNew(definitions, added, compiled);
        redefineClasses(inst, definitions);
        Instant now = Instant.now();
        for (ClassDefinition d : definitions) {
            String name = d.getDefinitionClass().getName();
            byte[] original = patches.containsKey(name) ? patches.get(name).original() : originals.get(name);
            patches.put(name, new Patch(name, now, by, digest(d.getDefinitionClassFile()), original));
        }
        return List.copyOf(compiled.keySet());
    }

    /**
     * Classes of the new version that the old one did not have (a new anonymous class, say) join
     * their outer class's nest; only classes nested in a redefined class may be added.
     */
    private static void defineNew(List<ClassDefinition> definitions, List<String> added, Map<String, byte[]> compiled)
            throws RedefinitionException {
        for (String name : added) {
            Class<?> outer = definitions.stream()
                    .map(ClassDefinition::getDefinitionClass)
                    .filter(c -> name.startsWith(c.getName() + "$"))
                    .findFirst()
                    .orElseThrow(() -> new RedefinitionException(
                            "class " + name + " is not loaded in this JVM, so there is nothing to redefine"));
            try {
                MethodHandles.privateLookupIn(outer, MethodHandles.lookup()).defineClass(compiled.get(name));
            } catch (IllegalAccessException | LinkageError e) {
                throw refused("the new class " + name + " cannot be added: " + e);
            }
        }
    }

    private static void redefineClasses(Instrumentation inst, List<ClassDefinition> definitions)
            throws RedefinitionException {
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
    }

    private static RedefinitionException refused(String why) {
        return new RedefinitionException(why + "; the old version keeps running.");
    }

    private static Instrumentation instrumentation() throws RedefinitionException {
        try {
            return Instrumentations.get();
        } catch (IOException e) {
            throw new RedefinitionException(e.getMessage());
        }
    }

    private ClassLoader preferred() throws RedefinitionException {
        try {
            return loaders.preferred();
        } catch (LoaderNotFoundException e) {
            throw new RedefinitionException(e.getMessage());
        }
    }

    /** The loaded class of this name, wherever it was loaded. */
    private static Optional<Class<?>> find(String className) {
        try {
            ClassLoader loader = HostLoaders.ofClass(className);
            return Optional.of(Class.forName(className, false, loader));
        } catch (LoaderNotFoundException | ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<Class<?>> loaded(Instrumentation inst, ClassLoader loader, String name) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(name)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    private static ClassLoader loaderOf(Class<?> c) {
        return c.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : c.getClassLoader();
    }

    /** {@code fixture.shop.Greeter} from {@code Greeter.java} and its package declaration. */
    static String className(String fileName, String source) {
        String simple = fileName.endsWith(".java") ? fileName.substring(0, fileName.length() - 5) : fileName;
        Matcher m = PACKAGE.matcher(source);
        return m.find() ? m.group(1) + "." + simple : simple;
    }

    private static String outerOf(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    /** Whether the class was compiled with {@code -parameters}. */
    private static boolean hasParameterNames(Class<?> c) {
        try {
            return Stream.concat(Stream.of(c.getDeclaredMethods()), Stream.of(c.getDeclaredConstructors()))
                    .filter(m -> m.getParameterCount() > 0)
                    .map(Executable::getParameters)
                    .anyMatch(p -> p[0].isNamePresent());
        } catch (LinkageError e) {
            return false;
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(new String(bytes, StandardCharsets.ISO_8859_1).hashCode());
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
