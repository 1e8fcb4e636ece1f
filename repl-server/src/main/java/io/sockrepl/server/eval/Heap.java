package io.sockrepl.server.eval;

import arthas.VmTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Live objects found on the heap through JVMTI, for snippets: {@code instances(OwnerRepository.class)}
 * needs no binding. Uses Arthas's vmtool library, whose prebuilt native parts sockrepl carries for
 * Linux (x64, aarch64), macOS and Windows (x64). Public only because snippet code calls it.
 */
public final class Heap {

    /** Where the build puts the native libraries inside sockrepl's jar. */
    private static final String NATIVE_DIR = "/sockrepl-native/";

    private static VmTool tool;

    private Heap() {}

    /**
     * The live instances of {@code type} (and of its subclasses), at most {@code limit} of them;
     * a negative limit means all.
     *
     * @throws IllegalStateException when this platform has no JVMTI library for sockrepl
     */
    public static <T> List<T> instances(Class<T> type, int limit) {
        return Arrays.asList(tool().getInstances(type, limit < 0 ? -1 : limit));
    }

    private static synchronized VmTool tool() {
        if (tool == null) {
            String library = libraryName();
            try (InputStream in = library == null ? null : Heap.class.getResourceAsStream(NATIVE_DIR + library)) {
                if (in == null) {
                    throw new IllegalStateException("instances() needs a JVMTI library, and sockrepl has none for "
                            + System.getProperty("os.name") + " on " + System.getProperty("os.arch")
                            + " (it has Linux x64 and aarch64, macOS, Windows x64)");
                }
                Path file = Files.createTempFile("sockrepl-jvmti-", library.substring(library.lastIndexOf('.')));
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                tool = VmTool.getInstance(file.toString());
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot unpack the JVMTI library for instances(): " + e.getMessage(), e);
            }
        }
        return tool;
    }

    private static String libraryName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("mac")) {
            return "libArthasJniLibrary.dylib";
        }
        if (os.contains("linux") && x64) {
            return "libArthasJniLibrary-x64.so";
        }
        if (os.contains("linux") && arch.equals("aarch64")) {
            return "libArthasJniLibrary-aarch64.so";
        }
        if (os.contains("windows") && x64) {
            return "libArthasJniLibrary-x64.dll";
        }
        return null;
    }
}
