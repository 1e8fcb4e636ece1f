package io.sockrepl.server;

import io.sockrepl.core.Address;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.ListenerSource;
import io.sockrepl.server.eval.Binding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link SockreplServer} listens. Defaults: a UNIX socket, no session file, a generated token
 * on TCP, loopback only, 16 MiB frames, 16 MiB of values and output per reply, 10 s for a
 * client to send its request, and restart in place.
 */
public final class ServerConfig {

    /** 16 MiB: far beyond what a script reads, well below what hurts a server. */
    public static final long DEFAULT_MAX_REPLY_BYTES = 16L * 1024 * 1024;
    /** Each console session holds a JShell state (about 9 MiB) and four threads. */
    public static final int DEFAULT_MAX_CONSOLE_SESSIONS = 32;
    /** Batch requests waiting behind the running one. */
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 256;

    final Address address;
    final Path sessionFile;
    final String token;
    final boolean allowRemote;
    final int maxFrameBytes;
    final long maxReplyBytes;
    final int maxConsoleSessions;
    final int maxQueuedRequests;
    final boolean auditLogChosen;
    final Path auditLog;
    final Duration requestTimeout;
    final ClassLoader hostLoader;
    final String loaderClass;
    final Path logFile;
    final boolean restartInProcess;
    final ListenerSource listenerSource;
    final boolean warmUp;
    final List<Binding> bindings;

    private ServerConfig(Builder b) {
        this.address = Objects.requireNonNull(b.address, "address");
        this.sessionFile = b.sessionFile;
        this.token = b.token;
        this.allowRemote = b.allowRemote;
        this.maxFrameBytes = b.maxFrameBytes;
        this.maxReplyBytes = b.maxReplyBytes;
        this.maxConsoleSessions = b.maxConsoleSessions;
        this.maxQueuedRequests = b.maxQueuedRequests;
        this.auditLogChosen = b.auditLogChosen;
        this.auditLog = b.auditLog;
        this.requestTimeout = b.requestTimeout;
        this.hostLoader = b.hostLoader;
        this.loaderClass = b.loaderClass;
        this.logFile = b.logFile;
        this.restartInProcess = b.restartInProcess;
        this.listenerSource = b.listenerSource;
        this.warmUp = b.warmUp;
        this.bindings = List.copyOf(b.bindings.values());
    }

    /** Starts a configuration for a server at {@code address}. */
    public static Builder at(Address address) {
        return new Builder(address);
    }

    /** Builds a {@link ServerConfig}. */
    public static final class Builder {
        private final Address address;
        private Path sessionFile;
        private String token;
        private boolean allowRemote;
        private int maxFrameBytes = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
        private long maxReplyBytes = DEFAULT_MAX_REPLY_BYTES;
        private int maxConsoleSessions = DEFAULT_MAX_CONSOLE_SESSIONS;
        private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
        private boolean auditLogChosen;
        private Path auditLog;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private ClassLoader hostLoader = Thread.currentThread().getContextClassLoader();
        private String loaderClass;
        private Path logFile;
        private boolean restartInProcess = true;
        private ListenerSource listenerSource;
        private boolean warmUp;
        private final Map<String, Binding> bindings = new LinkedHashMap<>();

        private Builder(Address address) {
            this.address = address;
        }

        /** Records the effective address, pid and token here (mode 0600); null for none. */
        public Builder sessionFile(Path file) {
            this.sessionFile = file;
            return this;
        }

        /** The token TCP requests must carry; generated when not set. */
        public Builder token(String value) {
            this.token = value;
            return this;
        }

        /** Allows a TCP address that is not loopback. Anyone with the token can then run code. */
        public Builder allowRemote(boolean allow) {
            this.allowRemote = allow;
            return this;
        }

        /** The largest request frame accepted, in bytes. */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("frame limit too small: " + bytes);
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /**
         * How much a batch reply may carry of {@code get(...)} values and the snippet's output, in
         * all (characters and bytes); beyond it the reply is cut and says so.
         */
        public Builder maxReplyBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("reply limit too small: " + bytes);
            }
            this.maxReplyBytes = bytes;
            return this;
        }

        /**
         * Where every run of code is recorded (see {@code AuditLog}); null for nowhere. By default,
         * next to the UNIX socket ({@code PATH.audit.log}), or {@code sockrepl-PID.audit.log} in the
         * temporary directory for TCP.
         */
        public Builder auditLog(Path file) {
            this.auditLogChosen = true;
            this.auditLog = file;
            return this;
        }

        /** How many console sessions may be open at once; one more is refused with a message. */
        public Builder maxConsoleSessions(int sessions) {
            if (sessions < 0) {
                throw new IllegalArgumentException("negative console session limit: " + sessions);
            }
            this.maxConsoleSessions = sessions;
            return this;
        }

        /** How many batch requests may wait behind the running one; one more is refused at once. */
        public Builder maxQueuedRequests(int requests) {
            if (requests < 0) {
                throw new IllegalArgumentException("negative queue limit: " + requests);
            }
            this.maxQueuedRequests = requests;
            return this;
        }

        /** How long a client may take to send its request after connecting. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The class loader whose classes snippets see; by default the caller's context loader. */
        public Builder hostClassLoader(ClassLoader loader) {
            this.hostLoader = Objects.requireNonNull(loader);
            this.loaderClass = null;
            return this;
        }

        /**
         * Lets the server find the application's class loader when snippets first need it, for a
         * host that did not plan for sockrepl: the loader of {@code className} when it is not null;
         * otherwise the loader of the main jar's {@code Start-Class} (Spring Boot), or the context
         * loader of the application's own threads.
         */
        public Builder findClassLoader(String className) {
            this.hostLoader = null;
            this.loaderClass = className;
            return this;
        }

        /** Where the server's log lines go, for {@code status} to tell; null when not a file. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /**
         * Whether a {@code restart} request starts a fresh evaluation state in this JVM (true, the
         * default) or ends the server with {@link SockreplServer.Termination#RESTART} so that a
         * supervisor can start a fresh JVM.
         */
        public Builder restartInProcess(boolean inProcess) {
            this.restartInProcess = inProcess;
            return this;
        }

        /**
         * Serves a listening socket another process keeps open (a supervisor's), once
         * {@code source} says it is this JVM's turn, instead of binding the address: the socket
         * then outlives this JVM. Its {@link ListenerSource.Withdrawn} ends {@link SockreplServer#start}.
         */
        public Builder listenerFrom(ListenerSource source) {
            this.listenerSource = source;
            return this;
        }

        /**
         * Whether to make the default evaluation state before waiting for the listener
         * ({@link #listenerFrom}), so that the first snippet is answered at once: for a
         * supervisor's standby JVM, which has the time while the current one serves.
         */
        public Builder warmUp(boolean warm) {
            this.warmUp = warm;
            return this;
        }

        /**
         * Makes a live object a variable of every snippet state and console session, with its
         * declared type, so that {@code orders.pending().size()} needs no cast.
         *
         * @param type public, and visible to the snippet compiler (see {@link #hostClassLoader})
         */
        public <T> Builder bind(String name, Class<T> type, T value) {
            bindings.put(name, new Binding(name, type, value));
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
