package io.sockrepl.pty;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A system with no pseudo-terminals left, for real: a private devpts instance limited to two ptys,
 * in a mount namespace of its own (needs root and unshare).
 */
class PtyExhaustionTest {

    @Test
    void openingAPtyWhenNoneAreLeftFailsClearly() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "mount -t devpts -o newinstance,ptmxmode=0666,max=2 devpts /dev/pts"
                + " && mount --bind /dev/pts/ptmx /dev/ptmx"
                + " && exec \"$0\" -cp \"$1\" " + PtyExhaustionProbe.class.getName();
        Process p;
        try {
            p = new ProcessBuilder(List.of("unshare", "-m", "sh", "-c", script, java, classPath))
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "unshare is not available: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!out.contains("mount:") && !out.contains("unshare:"), "no private devpts here: " + out);
        assertTrue(out.matches("(?s).*opened [0-2]; PtyUnavailableException: cannot open a pseudo-terminal.*"), out);
    }
}
