package io.sockrepl.core;

import java.util.Locale;

/** Amounts of memory as people read them: {@code 312 B}, {@code 4.0 KiB}, {@code 59.3 MiB}. */
public final class ByteSizes {

    private ByteSizes() {}

    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    }
}
