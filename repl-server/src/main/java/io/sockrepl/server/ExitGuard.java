package io.sockrepl.server;

import io.sockrepl.server.eval.Capture;
import java.security.Permission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses {@code System.exit} from snippet threads, which would end the JVM the server lives in.
 * It needs a security manager, which JDK 17 to 23 allow only when the JVM was started with
 * {@code -Djava.security.manager=allow} ({@code sockrepl serve} does that); elsewhere it stays off
 * and a supervising {@code sockrepl serve} restarts the JVM instead.
 */
@SuppressWarnings("removal")
final class ExitGuard extends SecurityManager {

    private static final Logger LOG = LoggerFactory.getLogger(ExitGuard.class);

    private ExitGuard() {
    }

    /**
     * Installs the guard when the JVM was started to allow it. A JVM that was asked to allow it
     * and still refuses is worth a warning: snippets could then end it with System.exit.
     */
    static synchronized void installIfAllowed() {
        if (!"allow".equals(System.getProperty("java.security.manager"))
                || System.getSecurityManager() instanceof ExitGuard) {
            return;
        }
        if (System.getSecurityManager() != null) {
            LOG.warn("System.exit is not refused in snippets: the JVM already has a security manager ({})",
                    System.getSecurityManager().getClass().getName());
            return;
        }
        try {
            // JDK 17 prints a deprecation warning to its initial stderr here; it cannot be avoided
            System.setSecurityManager(new ExitGuard());
        } catch (UnsupportedOperationException | SecurityException e) {
            LOG.warn("System.exit is not refused in snippets: this JVM allows no security manager ({})",
                    e.getMessage());
        }
    }

    @Override
    public void checkExit(int status) {
        if (Capture.currentIsSnippet()) {
            throw new SecurityException("System.exit(" + status + ") refused: it would stop the JVM "
                    + "this server runs in (use the 'stop' control action to stop the server)");
        }
    }

    @Override
    public void checkPermission(Permission perm) {
        // everything else is allowed: this manager exists only for checkExit
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // everything else is allowed: this manager exists only for checkExit
    }
}
