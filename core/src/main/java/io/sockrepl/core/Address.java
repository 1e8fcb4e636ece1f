package io.sockrepl.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a sockrepl server listens: a UNIX-domain socket file or a TCP host and port.
 *
 * <p>Textual forms accepted by {@link #parse(String)}:
 * <ul>
 *   <li>{@code PATH} — a UNIX socket file (anything that is not {@code HOST:PORT});</li>
 *   <li>{@code unix:PATH} — a UNIX socket file, even when the path contains {@code :};</li>
 *   <li>{@code HOST:PORT} — TCP; {@code :PORT} means loopback; {@code [::1]:PORT} for IPv6.</li>
 * </ul>
 * Port 0 asks the server to pick a free port; the server reports the effective address.
 */
public final class Address {

    /** The two transports. */
    public enum Kind {
        UNIX,
        TCP
    }

    private static final String UNIX_PREFIX = "unix:";

    private final Kind kind;
    private final Path path;
    private final String host;
    private final int port;

    private Address(Kind kind, Path path, String host, int port) {
        this.kind = kind;
        this.path = path;
        this.host = host;
        this.port = port;
    }

    /** A UNIX socket at {@code path}. */
    public static Address unix(Path path) {
        return new Address(Kind.UNIX, Objects.requireNonNull(path, "path"), null, -1);
    }

    /** A TCP address; {@code host} may be a name or a literal (IPv6 without brackets). */
    public static Address tcp(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
        return new Address(Kind.TCP, null, Objects.requireNonNull(host, "host"), port);
    }

    /**
     * Parses an address as typed by a user.
     *
     * @throws IllegalArgumentException with a message fit to show the user
     */
    public static Address parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        if (text.startsWith(UNIX_PREFIX)) {
            String p = text.substring(UNIX_PREFIX.length());
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty path in address '" + text + "'");
            }
            return unix(Path.of(p));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0 || !isDigits(text.substring(colon + 1))) {
            return unix(Path.of(text));
        }
        String host = text.substring(0, colon);
        int port = parsePort(text.substring(colon + 1), text);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 hosts need brackets, as in [::1]:PORT (got '" + text + "')");
        }
        return tcp(host.isEmpty() ? "127.0.0.1" : host, port);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int parsePort(String digits, String whole) {
        try {
            int port = Integer.parseInt(digits);
            if (port <= 65535) {
                return port;
            }
        } catch (NumberFormatException tooLong) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("port out of range 0-65535 in '" + whole + "'");
    }

    public Kind kind() {
        return kind;
    }

    public boolean isUnix() {
        return kind == Kind.UNIX;
    }

    /** The socket file; only for UNIX addresses. */
    public Path path() {
        if (kind != Kind.UNIX) {
            throw new IllegalStateException("not a UNIX address: " + this);
        }
        return path;
    }

    /** The host; only for TCP addresses. */
    public String host() {
        if (kind != Kind.TCP) {
            throw new IllegalStateException("not a TCP address: " + this);
        }
        return host;
    }

    /** The port; only for TCP addresses. */
    public int port() {
        if (kind != Kind.TCP) {
            throw new IllegalStateException("not a TCP address: " + this);
        }
        return port;
    }

    /** This address with another port (TCP only); used to report the effective port of port 0. */
    public Address withPort(int newPort) {
        return tcp(host(), newPort);
    }

    /** A UNIX address with an absolute path, so that it means the same from any directory. */
    public Address absolute() {
        return kind == Kind.UNIX ? unix(path.toAbsolutePath().normalize()) : this;
    }

    /** Resolves the TCP host; only for TCP addresses. */
    public InetSocketAddress toInetSocketAddress() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host()), port());
    }

    /** Whether the TCP host resolves to a loopback address; UNIX addresses are local by nature. */
    public boolean isLocal() throws UnknownHostException {
        return kind == Kind.UNIX || InetAddress.getByName(host).isLoopbackAddress();
    }

    /** The textual form, which {@link #parse(String)} reads back to an equal address. */
    @Override
    public String toString() {
        if (kind == Kind.UNIX) {
            String p = path.toString();
            return p.contains(":") ? UNIX_PREFIX + p : p;
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a
                && a.kind == kind
                && Objects.equals(a.path, path)
                && Objects.equals(a.host, host)
                && a.port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, path, host, port);
    }
}
