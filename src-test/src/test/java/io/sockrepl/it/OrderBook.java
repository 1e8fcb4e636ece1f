package io.sockrepl.it;

import java.util.ArrayList;
import java.util.List;

/** A host object for embedding tests. */
public final class OrderBook {

    private final List<String> pending = new ArrayList<>(List.of("tea", "scones"));

    public synchronized List<String> pending() {
        return new ArrayList<>(pending);
    }

    public synchronized void add(String order) {
        pending.add(order);
    }
}
