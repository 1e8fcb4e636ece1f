package io.sockrepl.server;

import io.sockrepl.server.eval.Capture;
import java.security.Permission;

/**
 * Refuses {@code System.exit} from snippet threads, which would end the JVM the server lives in.
 * It needs a security manager, which JDK 17 to 23 allow only when the JVM was started with
 * {@code -Djava.security.manager=allow} ({@code sockrepl serve} does that); elsewhere it stays off
 * and a supervising {@code sockrepl serve} restarts the JVM instead.
 */
@SuppressWarnings("removal")
final class ExitGuard extends SecurityManager {

    private ExitGuard() {
    }

    /** Installs the guard if this JVM allows it; returns whether it is active. */
    static synchronized boolean installIfAllowed() {
        if (System.getSecurityManager() instanceof ExitGuard) {
            return true;
        }
        if (!"allow".equals(System.getProperty("java.security.manager"))
                || System.getSecurityManager() != null) {
            return false;
        }
        try {
            // JDK 17 prints a deprecation warning to its initial stderr here; it cannot be avoided
            System.setSecurityManager(new ExitGuard());
            return true;
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
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
