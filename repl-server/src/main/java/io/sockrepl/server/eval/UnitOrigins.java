package io.sockrepl.server.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
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
     * @param resendable whether the request of that number may be sent again unchanged
     * @param live whether a snippet is a declaration still in the state
     */
    void requestBegins(int request, IntPredicate resendable, Predicate<Snippet> live) {
        if (request - lastPruned < RECENT_REQUESTS) {
            return;
        }
        lastPruned = request;
        int oldestRecent = request - RECENT_REQUESTS;
        byClass.values()
                .removeIf(o -> o.requestNumber < oldestRecent
                        && !resendable.test(o.requestNumber)
                        && (o.snippet() == null || !live.test(o.snippet())));
    }

    void clear() {
        byClass.clear();
    }
}
