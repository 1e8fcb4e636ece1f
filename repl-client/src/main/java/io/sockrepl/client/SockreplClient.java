package io.sockrepl.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sockrepl.core.Address;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Outcome;
import io.sockrepl.core.Replies;
import io.sockrepl.core.Request;
import io.sockrepl.core.SocketConnector;
import io.sockrepl.core.TrustedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * Talks to a sockrepl server with the batch protocol: one connection per request.
 *
 * <pre>{@code
 * SockreplClient client = SockreplClient.to(Address.parse("app.sock"));
 * client.run("int a = 5;");
 * String fifteen = client.run("get(a * 3);").captured();
 * String status = client.control(ControlAction.STATUS);
 * }</pre>
 *
 * Instances are immutable and may be shared between threads.
 */
public final class SockreplClient {

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final Address address;
    private final String token;

    private SockreplClient(Address address, String token) {
        this.address = address;
        this.token = token;
    }

    /** A client for the server at {@code address}. */
    public static SockreplClient to(Address address) {
        return new SockreplClient(address, null);
    }

    /** This client, presenting {@code token} with every request (needed on TCP). */
    public SockreplClient withToken(String newToken) {
        return new SockreplClient(address, newToken);
    }

    public Address address() {
        return address;
    }

    /** The token this client presents, or null. */
    public String token() {
        return token;
    }

    /** Runs a snippet and waits for it, however long it runs. */
    public SnippetResult run(String source) throws IOException {
        return run(source, Duration.ZERO);
    }

    /**
     * Runs a snippet; the server interrupts it if it runs longer than {@code timeout}.
     *
     * @param timeout zero for no limit
     */
    public SnippetResult run(String source, Duration timeout) throws IOException {
        return run(source, timeout, null);
    }

    /**
     * Runs a snippet in the class loader that loaded the class named {@code loaderClass} (one of
     * the application's, when the server's own choice is not the one wanted).
     *
     * @param timeout     zero for no limit
     * @param loaderClass null for the server's choice
     */
    public SnippetResult run(String source, Duration timeout, String loaderClass) throws IOException {
        Request request = Request.snippet(source, token, timeout.toMillis());
        JsonObject reply = exchange(loaderClass == null ? request : request.inLoaderOf(loaderClass));
        String exception = string(reply, Replies.EXCEPTION);
        // a server of another version may name an outcome this one does not know
        Outcome status = Outcome.fromWire(string(reply, Replies.STATUS))
                .orElse(exception.isEmpty() ? Outcome.OK : Outcome.EXCEPTION);
        return new SnippetResult(
                string(reply, Replies.CAPTURED),
                exception,
                string(reply, Replies.STDOUT),
                string(reply, Replies.STDERR),
                status,
                reply.has(Replies.DURATION_MS) ? reply.get(Replies.DURATION_MS).getAsLong() : 0);
    }

    /**
     * Sends a control action.
     *
     * @return the server's response object, as JSON text
     */
    public String control(ControlAction action) throws IOException {
        JsonObject reply = exchange(Request.control(action, token));
        return string(reply, Replies.RESPONSE);
    }

    /**
     * Sends new source for classes loaded in the server's JVM; their method bodies are replaced.
     *
     * @param path   the source file's name (javac wants a public class in a file of its name)
     * @return the response object as JSON text: {@code redefined} (class names) and, when nothing
     *         was changed, {@code refused} (why)
     */
    public String redefine(String path, String source) throws IOException {
        return redefine(path, source, List.of());
    }

    /** {@link #redefine(String, String)} with extra javac options, after the inferred ones. */
    public String redefine(String path, String source, List<String> javacOptions) throws IOException {
        return redefine(path, source, javacOptions, null);
    }

    /**
     * {@link #redefine(String, String, List)} of the class that {@code loader} sees, where several
     * class loaders have a class of that name.
     *
     * @param loader a class loader as {@code /loaders} names it (its {@code @id}, its webapp's
     *               context name) or a class it loaded; null for the one loaded class of the name
     */
    public String redefine(String path, String source, List<String> javacOptions, String loader) throws IOException {
        return string(
                exchange(inLoader(Request.redefine(path, source, javacOptions, token), loader)), Replies.RESPONSE);
    }

    /** Redefines loaded classes from class files; the response is as for {@link #redefine}. */
    public String redefineClassFiles(List<byte[]> classFiles) throws IOException {
        return redefineClassFiles(classFiles, null);
    }

    /** {@link #redefineClassFiles(List)} in {@code loader}, as for {@link #redefine(String, String, List, String)}. */
    public String redefineClassFiles(List<byte[]> classFiles, String loader) throws IOException {
        return string(exchange(inLoader(Request.redefineClassFiles(classFiles, token), loader)), Replies.RESPONSE);
    }

    /** The source of a loaded class as it runs now: {@code source}, or {@code refused}. */
    public String source(String className) throws IOException {
        return source(className, null);
    }

    /**
     * {@link #source(String)} of the class {@code loader} sees; the response has {@code problems}
     * when the source does not compile back as it is.
     */
    public String source(String className, String loader) throws IOException {
        return string(
                exchange(inLoader(Request.ofClass(ControlAction.SOURCE, className, token), loader)), Replies.RESPONSE);
    }

    /**
     * The server JVM's threads: deadlocks first, then the busiest over an interval.
     *
     * @param args {@code interval_ms}, {@code thread}, {@code blocked}, {@code depth}, {@code limit};
     *             empty for the defaults
     * @return the response object as JSON text: {@code lines} and {@code deadlocked}, or {@code refused}
     */
    public String threads(JsonObject args) throws IOException {
        return string(exchange(Request.control(ControlAction.THREADS, token, args)), Replies.RESPONSE);
    }

    /**
     * The server's JVM: version, uptime, collector, heap, flags, command line.
     *
     * @param properties every system property too
     * @return the response object as JSON text
     */
    public String vm(boolean properties) throws IOException {
        JsonObject args = new JsonObject();
        args.addProperty("properties", properties);
        return string(exchange(Request.control(ControlAction.VM, token, args)), Replies.RESPONSE);
    }

    /**
     * The heap's class histogram, most bytes first.
     *
     * @param live  a full GC first, then reachable objects only; otherwise every object, no GC
     * @param limit the classes listed at most
     * @return the response object as JSON text: {@code rows}, totals, or {@code refused}
     */
    public String heap(boolean live, int limit) throws IOException {
        JsonObject args = new JsonObject();
        args.addProperty("live", live);
        args.addProperty("limit", limit);
        return string(exchange(Request.control(ControlAction.HEAP, token, args)), Replies.RESPONSE);
    }

    /**
     * Has the server's JVM write its heap to {@code file}.
     *
     * @param file an absolute path that does not exist, in a directory only the server's user writes to
     * @param live reachable objects only (a full GC first)
     * @return the response object as JSON text: {@code file} and {@code bytes}, or {@code refused}
     */
    public String heapdump(String file, boolean live) throws IOException {
        JsonObject args = new JsonObject();
        args.addProperty("file", file);
        args.addProperty("live", live);
        return string(exchange(Request.control(ControlAction.HEAPDUMP, token, args)), Replies.RESPONSE);
    }

    /** The redefinitions in effect: {@code patches}, each with class, at, by and digest. */
    public String patches() throws IOException {
        return control(ControlAction.PATCHES);
    }

    /**
     * Puts back the original bytes of a patched class, or of every one when {@code className} is
     * null: {@code reverted}, or {@code refused}.
     */
    public String revert(String className) throws IOException {
        return revert(className, null);
    }

    /** {@link #revert(String)} of the class {@code loader} sees, where several loaders have a patched one. */
    public String revert(String className, String loader) throws IOException {
        return string(
                exchange(inLoader(Request.ofClass(ControlAction.REVERT, className, token), loader)), Replies.RESPONSE);
    }

    private static Request inLoader(Request request, String loader) {
        return loader == null ? request : request.inLoaderOf(loader);
    }

    private JsonObject exchange(Request request) throws IOException {
        // the frame is ready before the connection is: a server takes a connection whose first
        // byte is slow to come for a terminal's
        byte[] frame = FrameCodec.encode(request.toJson());
        SocketChannel channel;
        try {
            channel = SocketConnector.openChannel(address, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new ServerUnreachableException("cannot reach a server at " + address + ": " + describe(e), e);
        }
        try (channel) {
            if (address.isUnix()) {
                try {
                    TrustedServer.require(channel, address);
                } catch (IOException untrusted) {
                    throw new ServerUnreachableException(untrusted.getMessage(), untrusted);
                }
            }
            OutputStream out = Channels.newOutputStream(channel);
            out.write(frame);
            out.flush();
            JsonObject reply = FrameCodec.read(Channels.newInputStream(channel), Integer.MAX_VALUE - 8);
            if (reply == null) {
                throw new ServerUnreachableException(
                        "the server at " + address + " closed the connection without a reply", null);
            }
            if (reply.has(Replies.ERROR)) {
                throw new ServerRefusedException(string(reply, Replies.ERROR), string(reply, Replies.MESSAGE));
            }
            return reply;
        } catch (ServerRefusedException | ServerUnreachableException e) {
            throw e;
        } catch (IOException e) {
            throw new ServerUnreachableException("lost the connection to " + address + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }
}
