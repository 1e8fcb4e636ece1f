package io.sockrepl.server.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Function;

/**
 * Routes System.out and System.err by thread: a thread that runs for a snippet, or that a snippet
 * started, writes into its {@link Capture} (or its late output, once the request ended); every other
 * thread writes to the host's original stream, byte for byte. JShell's
 * local engine ignores {@code JShell.Builder.out()}, so this is the only way to separate them.
 */
public final class OutputRouter {

    /** Servers that route now: the last to stop gives the host its streams back. */
    private static int holders;

    private OutputRouter() {}

    /**
     * Routes System.out and System.err until the returned action runs; then, once no other
     * server of this class loader routes, puts the host's streams back. A stream left installed
     * would keep this loader, and everything of the stopped server, alive in a JVM that goes on.
     */
    public static synchronized Runnable hold() {
        holders++;
        install();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        };
    }

    private static synchronized void release() {
        if (--holders > 0) {
            return;
        }
        if (System.out instanceof Routed r) {
            System.setOut(r.host);
        }
        if (System.err instanceof Routed r) {
            System.setErr(r.host);
        }
    }

    /**
     * Routes System.out and System.err, wrapping whatever streams are current. Called again
     * before each evaluation, because the host may have replaced them since (logging frameworks
     * do); streams already routed are left alone.
     */
    public static synchronized void install() {
        Charset charset = Charset.defaultCharset();
        if (!(System.out instanceof Routed)) {
            System.setOut(new Routed(System.out, Capture::out, charset));
        }
        if (!(System.err instanceof Routed)) {
            System.setErr(new Routed(System.err, Capture::err, charset));
        }
    }

    /** The routing stream, recognisable so that it is never wrapped twice. */
    private static final class Routed extends PrintStream {
        final PrintStream host;

        Routed(PrintStream host, Function<Capture, OutputStream> pick, Charset charset) {
            super(new RoutingStream(host, pick), true, charset);
            this.host = host;
        }
    }

    /** The charset snippet output is encoded with, to decode a capture's buffers. */
    public static Charset charset() {
        return Charset.defaultCharset();
    }

    private static final class RoutingStream extends OutputStream {
        private final PrintStream host;
        private final Function<Capture, OutputStream> pick;

        RoutingStream(PrintStream host, Function<Capture, OutputStream> pick) {
            this.host = host;
            this.pick = pick;
        }

        private OutputStream target() {
            Capture c = Capture.bound();
            return c == null ? host : pick.apply(c);
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }
}
