package io.sockrepl.core;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import jdk.net.ExtendedSocketOptions;

/**
 * Opens, on two daemon threads, the UNIX channel a short command will connect with, while the
 * command reads its arguments and files: in a cold JVM the first UNIX channel makes a
 * {@code SecureRandom} (which loads the security providers) and runs the JDK's first lambdas, and
 * {@link TrustedServer} needs peer credentials and the user database. The providers and the
 * lambdas load side by side. {@link SocketConnector} takes the channel; what failed in opening it
 * fails there, as it would have without the warm-up.
 */
public final class ClientWarmup {

    private static final AtomicReference<CompletableFuture<SocketChannel>> PREPARED = new AtomicReference<>();

    private ClientWarmup() {}

    public static void begin() {
        CompletableFuture<SocketChannel> channel = new CompletableFuture<>();
        PREPARED.set(channel);
        // classes, not lambdas: a cold JVM's first lambda costs the calling thread milliseconds
        start(new Thread("sockrepl-warmup-providers") {
            @Override
            public void run() {
                randomAsUnixDomainSocketsMakesIt();
            }
        });
        start(new Thread("sockrepl-warmup-channel") {
            @Override
            public void run() {
                try {
                    SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ExtendedSocketOptions.SO_PEERCRED.name();
                    OwnUser.NAME.length();
                    channel.complete(opened);
                } catch (IOException | RuntimeException e) {
                    channel.completeExceptionally(e);
                }
            }
        });
    }

    /**
     * The channel {@link #begin} opened, once; null when none was begun or it was taken.
     *
     * @throws IOException as {@link SocketChannel#open} threw it
     */
    static SocketChannel take() throws IOException {
        CompletableFuture<SocketChannel> channel = PREPARED.getAndSet(null);
        if (channel == null) {
            return null;
        }
        try {
            return channel.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /** The JDK's UNIX channels make this on first use; its lookup is what loads the providers. */
    private static SecureRandom randomAsUnixDomainSocketsMakesIt() {
        try {
            return SecureRandom.getInstance("NativePRNGNonBlocking");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static void start(Thread thread) {
        thread.setDaemon(true);
        thread.start();
    }
}
