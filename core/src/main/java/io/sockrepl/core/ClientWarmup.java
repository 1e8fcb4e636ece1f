package io.sockrepl.core;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import jdk.net.ExtendedSocketOptions;

/**
 * Sets up, on two daemon threads, what a short command's first UNIX connection needs from a cold
 * JVM and that does not depend on what the command says: the JDK's UNIX-domain channels (whose
 * first use makes a {@code SecureRandom}, which loads the security providers, and runs the JDK's
 * first lambdas), peer credentials and the user database for {@link TrustedServer}. A command
 * begins it before reading its arguments and files; the providers and the lambdas load side by side.
 */
public final class ClientWarmup {

    private ClientWarmup() {}

    public static void begin() {
        // classes, not lambdas: a cold JVM's first lambda costs the calling thread milliseconds
        start(new Thread("sockrepl-warmup-providers") {
            @Override
            public void run() {
                try {
                    // what UnixDomainSockets makes for its socket names; it finds the providers loaded
                    SecureRandom.getInstance("NativePRNGNonBlocking");
                } catch (GeneralSecurityException | LinkageError e) {
                    // the channel makes its own
                }
            }
        });
        start(new Thread("sockrepl-warmup-channels") {
            @Override
            public void run() {
                try {
                    SocketChannel.open(StandardProtocolFamily.UNIX).close();
                    ExtendedSocketOptions.SO_PEERCRED.name();
                    OwnUser.NAME.length();
                } catch (IOException | UnsupportedOperationException | LinkageError e) {
                    // the command's own connection reports what is wrong
                }
            }
        });
    }

    private static void start(Thread thread) {
        thread.setDaemon(true);
        thread.start();
    }
}
