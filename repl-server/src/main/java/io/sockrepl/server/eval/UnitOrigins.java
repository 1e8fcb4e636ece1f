package io.sockrepl.server.eval;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jdk.jshell.Snippet;

/**
 * The unit each snippet class came from, which renders its stack frames against the user's lines,
 * kept for as long as the class's code may still run from a request: a live declaration's, a
 * request that may be sent again ({@link CompiledRequests}), or one of the last {@value
 * #RECENT_REQUESTS} requests (a lambda a statement stored). Each origin holds its snippet and
 * source, so keeping every one made every request cost a few KB for good.
 */
final class UnitOrigins {

    static final int RECENT_REQUESTS = 100;

    private final Map<String, UnitOrigin> byClass = new ConcurrentHashMap<>();
    private int lastPruned;

    void put(String className, UnitOrigin origin) {
        byClass.put(className, origin);
    }

    /** The origin of a snippet class, or null. */
    UnitOrigin get(String className) {
        return byClass.get(className);
    }

    /**
     * As a new request begins: every {@value #RECENT_REQUESTS} requests, forgets the origins no
     * code can run from any more.
     *
     * @param resendable the requests that may be sent again unchanged; asked only when pruning
     * @param live whether a snippet is a declaration still in the state
     */
    void requestBegins(int request, Supplier<Set<Integer>> resendable, Predicate<Snippet> live) {
        if (request - lastPruned < RECENT_REQUESTS) {
            return;
        }
        lastPruned = request;
        int oldestRecent = request - RECENT_REQUESTS;
        Set<Integer> kept = resendable.get();
        byClass.values()
                .removeIf(o -> o.requestNumber < oldestRecent
                        && !kept.contains(o.requestNumber)
                        && (o.snippet() == null || !live.test(o.snippet())));
    }

    void clear() {
        byClass.clear();
    }
}
