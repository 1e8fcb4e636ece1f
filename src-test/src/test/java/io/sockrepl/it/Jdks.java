package io.sockrepl.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDKs a target application is started with: the one running the tests (17 in CI), and a
 * Temurin 25 where one is installed (these machines have it next to the default JDK).
 */
final class Jdks {

    static final Path TESTS = Path.of(System.getProperty("java.home"));
    private static final Path JDK_25 =
            Path.of(System.getProperty("sockrepl.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    private Jdks() {}

    /** Every JDK to try, as a java home. */
    static List<Path> all() {
        List<Path> homes = new ArrayList<>(List.of(TESTS));
        if (Files.isExecutable(JDK_25.resolve("bin/java")) && !JDK_25.equals(TESTS)) {
            homes.add(JDK_25);
        }
        return homes;
    }

    /** {@code java} of {@code home}, then {@code args}. */
    static List<String> java(Path home, String... args) {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/java").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
