package io.sockrepl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the embedding API small and the layering one-way: the top package holds the API and
 * nothing else public, and the server's inside never reaches back up into it (only the agent,
 * which starts a server as an embedder would).
 */
class PublicApiTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "sockrepl", "server");

    @Test
    void theTopPackageExportsTheServerAndItsConfigurationOnly() throws Exception {
        Set<String> publicTypes = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")
                            && !p.getFileName().toString().equals("package-info.java"))
                    .toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                Class<?> c = Class.forName("io.sockrepl.server." + name);
                if (Modifier.isPublic(c.getModifiers())) {
                    publicTypes.add(name);
                }
            }
        }
        assertEquals(Set.of("ServerConfig", "SockreplServer"), publicTypes);
    }

    @Test
    void theInsideNeverDependsOnTheApi() throws IOException {
        List<String> upward;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            upward = files.filter(p -> p.toString().endsWith(".java")
                            && !p.getParent().equals(SOURCES)
                            && !p.startsWith(SOURCES.resolve("agent")))
                    .filter(p -> read(p).lines().anyMatch(l -> l.matches(".*\\bio\\.sockrepl\\.server\\.[A-Z].*")))
                    .map(p -> SOURCES.relativize(p).toString())
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), upward);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
