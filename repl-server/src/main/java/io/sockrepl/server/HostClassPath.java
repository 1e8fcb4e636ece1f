package io.sockrepl.server;

import java.io.File;
import io.sockrepl.server.eval.Snippets;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the snippet compiler must see to compile against the host's classes: the application class
 * path, plus the directories and jars of any URL class loader between the host loader and it.
 * Classes that come from elsewhere (nested jars, generated classes) can be used by snippets only
 * through types the compiler can see.
 */
final class HostClassPath {

    private HostClassPath() {
    }

    static String of(ClassLoader host) {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = host; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    fileOf(url).ifPresent(entries::add);
                }
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        // sockrepl itself, for get() and bindings, when the host's class path does not hold it
        java.security.CodeSource own = Snippets.class.getProtectionDomain().getCodeSource();
        if (own != null) {
            fileOf(own.getLocation()).ifPresent(entries::add);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static java.util.Optional<String> fileOf(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
