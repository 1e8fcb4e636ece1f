package io.sockrepl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What another JVM holds, read from the outside: jcmd after a full GC, and /proc. */
final class JvmMemory {

    private JvmMemory() {}

    /**
     * What a process keeps after a full GC (jcmd GC.run): heap used and metaspace used, in MiB.
     * Resident memory alone says more about how the collector sized the heap at that moment than
     * about what the tool keeps.
     */
    static double keptAfterGc(String java, long pid) throws Exception {
        String jcmd = Path.of(java).resolveSibling("jcmd").toString();
        Runs.exec(List.of(jcmd, String.valueOf(pid), "GC.run"));
        Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info")
                .redirectErrorStream(true)
                .start();
        String info = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        // G1 says one heap; the serial and parallel collectors say each generation
        Matcher heap = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        Matcher meta = Pattern.compile("Metaspace\\s+used (\\d+)K").matcher(info);
        long usedKib = 0;
        boolean found = false;
        while (heap.find()) {
            usedKib += Long.parseLong(heap.group(1));
            found = true;
        }
        if (!found || !meta.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said: " + info);
        }
        return (usedKib + Long.parseLong(meta.group(1))) / 1024.0;
    }

    /** Resident memory of a process, from /proc. */
    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }
}
