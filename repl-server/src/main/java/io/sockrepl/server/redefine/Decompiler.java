package io.sockrepl.server.redefine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.java.decompiler.main.Fernflower;
import org.jetbrains.java.decompiler.main.extern.IContextSource;
import org.jetbrains.java.decompiler.main.extern.IFernflowerLogger;
import org.jetbrains.java.decompiler.main.extern.IFernflowerPreferences;
import org.jetbrains.java.decompiler.main.extern.IResultSaver;

/**
 * Java source from class bytes, with Vineflower, in memory: the classes of one nest are decompiled
 * together (nested and anonymous classes inside their outer class), and the class loader they came
 * from answers for every other class they refer to.
 */
final class Decompiler {

    private Decompiler() {}

    /**
     * @param nest    class name to bytes: the outer class and its nested classes
     * @param outer   the outer class's name
     * @param library where referenced classes are read from
     */
    static String decompile(Map<String, byte[]> nest, String outer, ClassLoader library) throws RedefinitionException {
        StringBuilder source = new StringBuilder();
        Map<String, Object> options = new HashMap<>(IFernflowerPreferences.DEFAULTS);
        options.put(IFernflowerPreferences.INDENT_STRING, "    ");
        options.put(IFernflowerPreferences.REMOVE_BRIDGE, "1");
        options.put(IFernflowerPreferences.DECOMPILE_GENERIC_SIGNATURES, "1");
        Fernflower fernflower = new Fernflower(SAVES_NOTHING, options, IFernflowerLogger.NO_OP);
        try {
            fernflower.addSource(new Classes(nest, source, outer));
            fernflower.addLibrary(new LoaderClasses(library));
            fernflower.decompileContext();
        } finally {
            fernflower.clearContext();
        }
        if (source.length() == 0) {
            throw new RedefinitionException("the decompiler produced nothing for " + outer);
        }
        return source.toString();
    }

    private static String path(String className) {
        return className.replace('.', '/');
    }

    /** The nest being decompiled; the outer class's source is what it keeps. */
    private static final class Classes implements IContextSource {
        private final Map<String, byte[]> byPath = new HashMap<>();
        private final StringBuilder sink;
        private final String outerPath;

        Classes(Map<String, byte[]> nest, StringBuilder sink, String outer) {
            nest.forEach((name, bytes) -> byPath.put(path(name), bytes));
            this.sink = sink;
            this.outerPath = path(outer);
        }

        @Override
        public String getName() {
            return "sockrepl";
        }

        @Override
        public Entries getEntries() {
            List<Entry> classes = new ArrayList<>();
            byPath.keySet().forEach(p -> classes.add(Entry.atBase(p)));
            return new Entries(classes, List.of(), List.of());
        }

        @Override
        public InputStream getInputStream(String resource) {
            byte[] bytes = byPath.get(
                    resource.endsWith(CLASS_SUFFIX)
                            ? resource.substring(0, resource.length() - CLASS_SUFFIX.length())
                            : resource);
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }

        @Override
        public IOutputSink createOutputSink(IResultSaver saver) {
            return new IOutputSink() {
                @Override
                public void begin() {}

                @Override
                public void acceptClass(String qualifiedName, String fileName, String content, int[] mapping) {
                    if (qualifiedName.equals(outerPath) && content != null) {
                        sink.append(content);
                    }
                }

                @Override
                public void acceptDirectory(String directory) {}

                @Override
                public void acceptOther(String path) {}

                @Override
                public void close() {}
            };
        }
    }

    /** Everything else, read lazily through the application's class loader. */
    private static final class LoaderClasses implements IContextSource {
        private final ClassLoader loader;

        LoaderClasses(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public String getName() {
            return "class loader";
        }

        @Override
        public boolean isLazy() {
            return true;
        }

        @Override
        public Entries getEntries() {
            return Entries.EMPTY;
        }

        @Override
        public boolean hasClass(String className) {
            return loader.getResource(className + CLASS_SUFFIX) != null;
        }

        @Override
        public InputStream getInputStream(String resource) throws IOException {
            return loader.getResourceAsStream(resource);
        }
    }

    private static final IResultSaver SAVES_NOTHING = new IResultSaver() {
        @Override
        public void saveFolder(String path) {}

        @Override
        public void copyFile(String source, String path, String entryName) {}

        @Override
        public void saveClassFile(String path, String qualifiedName, String entryName, String content, int[] mapping) {}

        @Override
        public void createArchive(String path, String archiveName, java.util.jar.Manifest manifest) {}

        @Override
        public void saveDirEntry(String path, String archiveName, String entryName) {}

        @Override
        public void copyEntry(String source, String path, String archiveName, String entry) {}

        @Override
        public void saveClassEntry(
                String path, String archiveName, String qualifiedName, String entryName, String content) {}

        @Override
        public void closeArchive(String path, String archiveName) {}
    };
}
