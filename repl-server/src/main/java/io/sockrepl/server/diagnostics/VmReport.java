package io.sockrepl.server.diagnostics;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JVM an operator has reached: its version, how long it has run, its collector and heap
 * limits, the flags that decide what sockrepl and other tools may do in it, its command line and,
 * on request, its system properties. It only reads management beans. The one service behind the
 * {@code vm} control action and the console's {@code /vm}.
 */
public final class VmReport {

    /** The flags worth a line of their own: the heap, the collector, and what agents may do. */
    static final List<String> FLAGS = List.of(
            "MaxHeapSize",
            "UseG1GC",
            "UseParallelGC",
            "UseSerialGC",
            "UseZGC",
            "UseShenandoahGC",
            "MaxMetaspaceSize",
            "HeapDumpOnOutOfMemoryError",
            "EnableDynamicAgentLoading",
            "DisableAttachMechanism",
            "UseContainerSupport");

    private VmReport() {}

    /** The report, with every system property when {@code properties}. */
    public static JsonObject take(boolean properties) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        JsonObject o = new JsonObject();
        o.addProperty("version", Runtime.version().toString());
        o.addProperty("vm", System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")");
        o.addProperty("java_home", System.getProperty("java.home"));
        o.addProperty("pid", ProcessHandle.current().pid());
        o.addProperty("uptime_ms", runtime.getUptime());
        o.addProperty(
                "started",
                java.time.Instant.ofEpochMilli(runtime.getStartTime()).toString());
        o.addProperty("processors", Runtime.getRuntime().availableProcessors());
        JsonArray collectors = new JsonArray();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
        }
        o.add("collectors", collectors);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        JsonObject h = new JsonObject();
        h.addProperty("used", heap.getUsed());
        h.addProperty("committed", heap.getCommitted());
        h.addProperty("max", heap.getMax());
        o.add("heap", h);
        o.add("flags", flags());
        JsonArray arguments = new JsonArray();
        runtime.getInputArguments().forEach(arguments::add);
        o.add("arguments", arguments);
        o.addProperty("command", System.getProperty("sun.java.command", ""));
        if (properties) {
            JsonObject p = new JsonObject();
            Map<String, String> sorted = new TreeMap<>();
            System.getProperties().forEach((k, v) -> sorted.put(String.valueOf(k), String.valueOf(v)));
            sorted.forEach(p::addProperty);
            o.add("properties", p);
        }
        return o;
    }

    /** The flags of {@link #FLAGS} this JVM knows, with their values and where each was set. */
    private static JsonObject flags() {
        JsonObject flags = new JsonObject();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return flags;
        }
        for (String name : FLAGS) {
            try {
                VMOption option = hotspot.getVMOption(name);
                // of the collectors, the one in use
                if (!(name.startsWith("Use") && name.endsWith("GC") && "false".equals(option.getValue()))) {
                    flags.addProperty(name, option.getValue() + " (" + origin(option.getOrigin()) + ")");
                }
            } catch (IllegalArgumentException unknownToThisJvm) {
                // a flag of another JDK version or build
            }
        }
        return flags;
    }

    private static String origin(VMOption.Origin origin) {
        return switch (origin) {
            case DEFAULT -> "default";
            case VM_CREATION -> "command line";
            case ENVIRON_VAR -> "environment";
            case CONFIG_FILE -> "flags file";
            case MANAGEMENT -> "set at run time";
            case ERGONOMIC -> "ergonomic";
            case ATTACH_ON_DEMAND -> "attach";
            case OTHER -> "other";
        };
    }
}
