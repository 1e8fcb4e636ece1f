package io.sockrepl.server.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Requests whose every unit was a statement that compiled, ran and had nothing to report. Sent
 * again unchanged, such a request runs its loaded classes again instead of being compiled.
 *
 * <p>A statement's compiled code depends only on the declarations and imports it was compiled
 * against, so any new declaration or import forgets everything. Only code is kept, never a
 * result: each run sees the state and the host as they are now. A redefined class changes
 * method bodies only, which the kept code calls as it calls any method.
 */
final class CompiledRequests {

    static final int CAPACITY = 256;

    /**
     * @param requestNumber the request the code was compiled for; its stack frames render against it
     * @param wrappers      the class JShell wrapped each unit in, in order
     */
    record Compiled(int requestNumber, List<String> wrappers) {}

    private final Map<String, Compiled> bySource = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The code compiled for exactly this source, or null. */
    Compiled lookup(String source) {
        return bySource.get(source);
    }

    void remember(String source, Compiled compiled) {
        bySource.put(source, compiled);
    }

    /** The requests whose code is kept. */
    Set<Integer> requestNumbers() {
        return bySource.values().stream().map(Compiled::requestNumber).collect(Collectors.toSet());
    }

    /** A declaration or import was evaluated: kept code may no longer be what the source means. */
    void forget() {
        bySource.clear();
    }
}
