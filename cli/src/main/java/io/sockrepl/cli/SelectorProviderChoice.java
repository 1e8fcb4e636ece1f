package io.sockrepl.cli;

import java.nio.channels.spi.SelectorProvider;
import java.util.Locale;

/**
 * Names the JDK's own selector provider for this platform before the first channel opens, so that
 * the JDK does not look one up as a service: that lookup opens the whole jar (6,000 entries) to
 * read its {@code META-INF/services}, 8 ms of a 150 ms {@code sockrepl run}, the only reason a
 * command started from the class-data archive opened the jar at all. Only for sockrepl's own
 * processes; a provider chosen by the user is kept, and where the class is not there nothing is
 * named and the JDK looks as before.
 */
final class SelectorProviderChoice {

    static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";

    private SelectorProviderChoice() {}

    static void apply() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String name = os.contains("linux")
                ? "sun.nio.ch.EPollSelectorProvider"
                : os.contains("mac") ? "sun.nio.ch.KQueueSelectorProvider" : null;
        if (name == null) {
            return;
        }
        try {
            if (SelectorProvider.class.isAssignableFrom(Class.forName(name, false, null))) {
                System.setProperty(PROPERTY, name);
            }
        } catch (ClassNotFoundException | LinkageError elsewhere) {
            // another JDK layout: the JDK's own lookup decides
        }
    }
}
