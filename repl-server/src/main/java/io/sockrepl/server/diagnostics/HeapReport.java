package io.sockrepl.server.diagnostics;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The heap's class histogram, as {@code jcmd PID GC.class_histogram} prints it: the classes with
 * the most bytes, their instances and bytes, and the totals. By default every object is counted,
 * unreachable ones too, so that the JVM walks its heap without a full collection first (a pause the
 * application did not ask for); {@code live} collects first and counts what is reachable. The one
 * service behind the {@code heap} control action and the console's {@code /heap}.
 */
public final class HeapReport {

    static final int MAX_LIMIT = 10_000;

    private static final Pattern ROW = Pattern.compile("^\\s*(\\d+):\\s+(\\d+)\\s+(\\d+)\\s+(.+?)\\s*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private HeapReport() {}

    /**
     * @param live  collect garbage first and count reachable objects only
     * @param limit the classes shown at most, most bytes first
     * @throws IllegalArgumentException for a limit out of range, or a JVM without the histogram
     */
    public static JsonObject histogram(boolean live, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("the limit must be 1 to " + MAX_LIMIT);
        }
        String table;
        try {
            table = (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {live ? new String[0] : new String[] {"-all"}},
                            new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalArgumentException("this JVM has no class histogram: " + e.getMessage());
        }
        JsonArray rows = new JsonArray();
        int classes = 0;
        JsonObject o = new JsonObject();
        for (String line : table.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                classes++;
                if (rows.size() < limit) {
                    JsonObject r = new JsonObject();
                    r.addProperty("instances", Long.parseLong(row.group(2)));
                    r.addProperty("bytes", Long.parseLong(row.group(3)));
                    r.addProperty("class", row.group(4));
                    rows.add(r);
                }
                continue;
            }
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                o.addProperty("instances", Long.parseLong(total.group(1)));
                o.addProperty("bytes", Long.parseLong(total.group(2)));
            }
        }
        o.addProperty("live", live);
        o.addProperty("classes", classes);
        o.add("rows", rows);
        return o;
    }
}
