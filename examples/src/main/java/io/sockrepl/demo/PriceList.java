package io.sockrepl.demo;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The demo's live state: what things cost. Bound as {@code prices} in the demo's sockrepl. */
public final class PriceList {

    private final Map<String, Double> prices = new TreeMap<>();

    public PriceList() {
        prices.put("coffee", 3.50);
        prices.put("tea", 2.80);
    }

    public synchronized double price(String item) {
        Double p = prices.get(item);
        if (p == null) {
            throw new IllegalArgumentException("no such item: " + item);
        }
        return p;
    }

    public synchronized void set(String item, double price) {
        prices.put(item, price);
    }

    public synchronized Map<String, Double> all() {
        return new TreeMap<>(prices);
    }

    /** The line the HTTP endpoint answers with. */
    public String quote(String item) {
        return item + " costs " + String.format(Locale.ROOT, "%.2f", price(item));
    }
}
