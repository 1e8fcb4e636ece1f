package io.sockrepl.core;

/**
 * What a session file records about a running server.
 *
 * @param address   the effective address (UNIX paths absolute)
 * @param pid       the pid of the JVM that serves
 * @param token     the token TCP requests must carry, or {@code null} on UNIX sockets
 * @param startedAt when the server started, ISO-8601
 */
public record SessionInfo(Address address, long pid, String token, String startedAt) {}
