package io.sockrepl.server.redefine;

import io.sockrepl.server.agent.Instrumentations;
import io.sockrepl.server.host.HostLoaders;
import io.sockrepl.server.host.LoadedClasses;
import io.sockrepl.server.host.LoaderNotFoundException;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the method bodies of classes that are already loaded, from a new version of their
 * source or class files: running code picks them up on its next call. Changes the JVM cannot apply
 * are refused before anything is touched, naming the change; the old class keeps running. Every
 * redefinition is recorded as a {@link Patch}, and {@link #revert} puts the original bytes back.
 *
 * <p>Every class is resolved once, to the one loaded class of its name (or the one a given loader
 * sees): a name that several loaders have is refused with their list. The bytes a class runs are
 * never asked of the JVM (see {@link ClassBytes}): they are its loader's class file until sockrepl
 * patches it, then the patch's; so a redefinition hands the JVM complete class files, and parameter
 * names, annotations and generic signatures stay exactly as they were.
 *
 * <p>Source compiles as the application's build most likely compiled it: against everything the
 * class's own loader sees (nested jars included), for the release of its class file, with
 * {@code -parameters} when it carries parameter names, and with debug information.
 */
public final class Redefiner {

    private static final Logger LOG = LoggerFactory.getLogger(Redefiner.class);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final HostLoaders loaders;
    /** Weak: a patched class whose loader is gone (an undeployed webapp) has nothing left to revert. */
    private final Map<Class<?>, Patch> patches = new WeakHashMap<>();
    /** What other agents did to classes sockrepl changed, since; its own lock, which the JVM's never waits on. */
    private final Map<Class<?>, String> notes = java.util.Collections.synchronizedMap(new WeakHashMap<>());
    /** Registered on the first change; see {@link PatchKeeper}. */
    private PatchKeeper keeper;

    private Instrumentation keeping;

    /**
     * The source of a class and whether it compiles back.
     *
     * @param source   the decompiled source
     * @param problems javac's errors on compiling it against the class's loader, or null
     */
    public record Decompiled(String source, String problems) {}

    /** @param loaders the application's class loaders: the classes to redefine are theirs */
    public Redefiner(HostLoaders loaders) {
        this.loaders = loaders;
    }

    /**
     * Compiles {@code source} and redefines every class it declares whose code changed.
     *
     * @param options extra javac options, after the ones inferred from the running class
     * @param by      who asks, for the patch record
     * @param loader  the loader whose class is meant, or null for the one loaded class of the name
     * @return the names of the redefined classes; empty when the running code is the same
     */
    public synchronized List<String> redefine(
            String fileName, String source, List<String> options, String by, ClassLoader loader)
            throws RedefinitionException {
        Class<?> host = resolve(className(fileName, source), loader).getNestHost();
        Instrumentation inst = instrumentation();
        Map<String, byte[]> running = nest(inst, host);
        List<String> javac = javacOptions(running.get(host.getName()));
        javac.addAll(options);
        Map<String, byte[]> compiled =
                SourceCompiler.compile(fileName, source, loaders.classPath(ClassBytes.loaderOf(host)), javac);
        return apply(inst, host, running, compiled, by);
    }

    /** Redefines classes from class files, as built elsewhere. */
    public synchronized List<String> redefineClassFiles(List<byte[]> classFiles, String by, ClassLoader loader)
            throws RedefinitionException {
        if (classFiles.isEmpty()) {
            throw new RedefinitionException("no class files given");
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (byte[] file : classFiles) {
            classes.put(ClassFileName.of(file), file);
        }
        Class<?> host = resolve(classes.keySet().iterator().next(), loader).getNestHost();
        Instrumentation inst = instrumentation();
        return apply(inst, host, nest(inst, host), classes, by);
    }

    /** The redefinitions in effect, oldest first, each with what other agents did to it since. */
    public synchronized List<Patch> patches() {
        List<Patch> out = new ArrayList<>();
        patches.forEach((c, p) -> out.add(p.noted(notes.get(c))));
        out.sort(java.util.Comparator.comparing(Patch::at));
        return out;
    }

    /**
     * Takes sockrepl's transformer off the JVM, for a server that stops: the classes keep what
     * runs, but a later retransformation by another agent may start from older bytes again.
     */
    public synchronized void close() {
        if (keeper != null) {
            keeping.removeTransformer(keeper);
            keeper = null;
        }
    }

    private PatchKeeper keeper(Instrumentation inst) {
        if (keeper == null) {
            keeper = new PatchKeeper((c, what) -> {
                notes.put(c, Instant.now() + " " + what);
                LOG.warn("{}: {}", c.getName(), what);
            });
            keeping = inst;
            inst.addTransformer(keeper, true);
        }
        return keeper;
    }

    /**
     * Puts back the bytes {@code className} (or, when null, every patched class) ran before it was
     * first patched.
     *
     * @param loader the loader whose class is meant, where several loaders have a patched one
     * @return the reverted classes
     */
    public synchronized List<String> revert(String className, ClassLoader loader) throws RedefinitionException {
        Map<Class<?>, Patch> undo = new LinkedHashMap<>();
        patches.forEach((c, p) -> {
            if (className == null || c.getName().equals(className)) {
                undo.put(c, p);
            }
        });
        if (loader != null) {
            undo.keySet().removeIf(c -> !sees(loader, c));
        }
        if (undo.isEmpty()) {
            throw new RedefinitionException(
                    className == null
                            ? "nothing is patched"
                            : className + " is not patched" + (loader == null ? "" : " in that loader")
                                    + " (sockrepl patches lists what is)");
        }
        if (className != null && undo.size() > 1) {
            throw new RedefinitionException(className + " is patched in " + undo.size() + " class loaders ("
                    + undo.values().stream().map(Patch::loader).collect(Collectors.joining("; "))
                    + "): choose one with --loader ID");
        }
        Map<Class<?>, byte[]> originals = new LinkedHashMap<>();
        undo.forEach((c, p) -> originals.put(c, p.original()));
        Instrumentation inst = instrumentation();
        Map<Class<?>, byte[]> installed = Installation.redefine(inst, originals);
        installed.forEach((c, bytes) -> {
            keeper(inst).installed(c, undo.get(c).running(), bytes);
            notes.remove(c);
        });
        List<String> notBack = Installation.changedByOthers(originals, installed);
        if (!notBack.isEmpty()) {
            // what runs is neither the original nor, necessarily, the patch: the record says what it is
            installed.forEach((c, bytes) -> patches.computeIfPresent(c, (k, p) -> p.running(bytes, digest(bytes))));
            throw new RedefinitionException("put the original bytes of " + String.join(", ", notBack)
                    + " back, but another agent's class-file transformer changed them as the JVM installed them: "
                    + "the original code does not run, so the patch stays listed");
        }
        List<String> done = new ArrayList<>();
        for (Class<?> c : undo.keySet()) {
            patches.remove(c);
            if (!sees(ClassBytes.loaderOf(c), c)) {
                throw new RedefinitionException("reverted " + c.getName() + ", but its loader now gives another class "
                        + "of that name, which sockrepl did not patch");
            }
            done.add(c.getName());
        }
        return done;
    }

    /**
     * The source of {@code className} as it runs now, decompiled with its nested classes, and
     * whether it compiles back as it is.
     *
     * @param loader the loader whose class is meant, or null for the one loaded class of the name
     */
    public Decompiled source(String className, ClassLoader loader) throws RedefinitionException {
        Class<?> host = resolve(className, loader).getNestHost();
        Map<String, byte[]> nest;
        synchronized (this) {
            nest = nest(instrumentation(), host);
        }
        ClassLoader defining = ClassBytes.loaderOf(host);
        String source = Decompiler.decompile(nest, host.getName(), defining);
        try {
            SourceCompiler.compile(
                    host.getSimpleName() + ".java",
                    source,
                    loaders.classPath(defining),
                    javacOptions(nest.get(host.getName())));
            return new Decompiled(source, null);
        } catch (RedefinitionException e) {
            return new Decompiled(source, e.getMessage());
        }
    }

    private List<String> apply(
            Instrumentation inst, Class<?> host, Map<String, byte[]> running, Map<String, byte[]> compiled, String by)
            throws RedefinitionException {
        SyntheticNames.Aligned aligned = SyntheticNames.align(running, compiled);
        aligned.classes().computeIfPresent(host.getName(), (n, b) -> keepNestMembers(running.get(n), b));
        List<String> refused = new ArrayList<>(aligned.refusals());
        Map<String, byte[]> changed = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : aligned.classes().entrySet()) {
            String name = e.getKey();
            byte[] before = running.get(name);
            if (before == null) {
                refused.add("adds the class " + name);
                continue;
            }
            String in = name.equals(host.getName()) ? "" : " (in " + name + ")";
            ClassChanges.unsupported(before, e.getValue()).forEach(c -> refused.add(c + in));
            if (!Installation.code(before).equals(Installation.code(e.getValue()))) {
                changed.put(name, e.getValue());
            }
        }
        if (!refused.isEmpty()) {
            throw new RedefinitionException("cannot redefine " + host.getName() + ": the new version "
                    + String.join("; ", refused)
                    + ": a loaded class cannot gain or lose members, only change its method bodies, so the old code "
                    + "keeps running.");
        }
        ClassLoader defining = ClassBytes.loaderOf(host);
        Map<Class<?>, byte[]> targets = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : changed.entrySet()) {
            targets.put(member(host, e.getKey()), e.getValue());
        }
        if (targets.isEmpty()) {
            return List.of();
        }
        Map<Class<?>, byte[]> installed = Installation.redefine(inst, targets);
        Instant now = Instant.now();
        installed.forEach((c, bytes) -> {
            Patch before = patches.get(c);
            byte[] original = before != null ? before.original() : running.get(c.getName());
            patches.put(
                    c,
                    new Patch(
                            c.getName(),
                            HostLoaders.describe(defining),
                            now,
                            by,
                            digest(bytes),
                            original,
                            bytes,
                            null));
            keeper(inst).installed(c, running.get(c.getName()), bytes);
            notes.remove(c);
        });
        List<String> changedByOthers = Installation.changedByOthers(targets, installed);
        if (!changedByOthers.isEmpty()) {
            throw new RedefinitionException("redefined " + String.join(", ", changedByOthers)
                    + ", but another agent's class-file transformer changed the new bytes as the JVM installed them: "
                    + "what runs is not your version (sockrepl patches lists it; sockrepl revert undoes it)");
        }
        return targets.keySet().stream().map(Class::getName).toList();
    }

    /**
     * {@code compiled} (a nest host) with the nest members of {@code running} it no longer names put
     * back: a class the new version does not use any more (a switch map that javac 21+ no longer
     * makes for an enum of the same file, a deleted nested class) stays loaded as it is, and the JVM
     * refuses a nest that loses members.
     */
    private static byte[] keepNestMembers(byte[] running, byte[] compiled) {
        ClassNode before = new ClassNode();
        new ClassReader(running).accept(before, ClassReader.SKIP_CODE);
        if (before.nestMembers == null) {
            return compiled;
        }
        ClassNode after = new ClassNode();
        new ClassReader(compiled).accept(after, 0);
        List<String> members = after.nestMembers == null ? new ArrayList<>() : new ArrayList<>(after.nestMembers);
        boolean changed = false;
        for (String member : before.nestMembers) {
            if (!members.contains(member)) {
                members.add(member);
                changed = true;
            }
        }
        if (!changed) {
            return compiled;
        }
        after.nestMembers = members;
        ClassWriter w = new ClassWriter(0);
        after.accept(w);
        return w.toByteArray();
    }

    /**
     * The running bytes of {@code host} and of every member of its nest, loaded or not, by class
     * name (a member not loaded yet is its class file).
     */
    private Map<String, byte[]> nest(Instrumentation inst, Class<?> host) throws RedefinitionException {
        ClassLoader defining = ClassBytes.loaderOf(host);
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] hostBytes = running(inst, host);
        out.put(host.getName(), hostBytes);
        ClassNode node = new ClassNode();
        new ClassReader(hostBytes).accept(node, ClassReader.SKIP_CODE);
        if (node.nestMembers == null) {
            return out;
        }
        List<String> members =
                node.nestMembers.stream().map(ClassChanges::javaName).toList();
        Map<String, Class<?>> loaded = new HashMap<>();
        for (Class<?> c : inst.getInitiatedClasses(host.getClassLoader())) {
            if (c.getClassLoader() == host.getClassLoader() && members.contains(c.getName())) {
                loaded.put(c.getName(), c);
            }
        }
        for (String name : members) {
            Class<?> c = loaded.get(name);
            byte[] bytes = c != null ? running(inst, c) : ClassBytes.resource(defining, name);
            if (bytes != null) {
                out.put(name, bytes);
            }
        }
        return out;
    }

    private byte[] running(Instrumentation inst, Class<?> c) throws RedefinitionException {
        Patch p = patches.get(c);
        return p != null ? p.running() : ClassBytes.original(inst, c);
    }

    /** The loaded class of a nest member, loading it (not initializing it) when it has not been yet. */
    private static Class<?> member(Class<?> host, String name) throws RedefinitionException {
        if (name.equals(host.getName())) {
            return host;
        }
        try {
            return Class.forName(name, false, ClassBytes.loaderOf(host));
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RedefinitionException("the nested class " + name + " cannot be loaded: " + e);
        }
    }

    private static Class<?> resolve(String className, ClassLoader loader) throws RedefinitionException {
        try {
            return LoadedClasses.resolve(className, loader);
        } catch (LoaderNotFoundException e) {
            throw new RedefinitionException(e.getMessage());
        }
    }

    /** Whether {@code loader} gives {@code c} for its name. */
    private static boolean sees(ClassLoader loader, Class<?> c) {
        try {
            return Class.forName(c.getName(), false, loader) == c;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** javac options that reproduce how the class file was compiled. */
    private static List<String> javacOptions(byte[] classFile) {
        List<String> javac = new ArrayList<>(List.of("-g", "-proc:none"));
        int release = ClassFileName.release(classFile);
        if (release >= 8 && release <= Runtime.version().feature()) {
            javac.addAll(List.of("--release", String.valueOf(release)));
        }
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, ClassReader.SKIP_CODE);
        if (node.methods.stream().anyMatch(m -> m.parameters != null && !m.parameters.isEmpty())) {
            javac.add("-parameters");
        }
        return javac;
    }

    private static Instrumentation instrumentation() throws RedefinitionException {
        try {
            return Instrumentations.get();
        } catch (IOException e) {
            throw new RedefinitionException(e.getMessage());
        }
    }

    /** {@code fixture.shop.Greeter} from {@code Greeter.java} and its package declaration. */
    static String className(String fileName, String source) {
        String simple = fileName.endsWith(".java") ? fileName.substring(0, fileName.length() - 5) : fileName;
        Matcher m = PACKAGE.matcher(source);
        return m.find() ? m.group(1) + "." + simple : simple;
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
}
