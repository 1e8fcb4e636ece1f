package io.sockrepl.server.host;

import io.sockrepl.server.eval.Binding;
import io.sockrepl.server.eval.Engine;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the evaluation states of batch requests and console sessions: each sees one class loader
 * of the application, the host's bindings, and what the host offers without asking (its running
 * Spring context as {@code spring}).
 */
public final class Engines {

    private final HostLoaders loaders;
    private final List<Binding> hostBindings;

    public Engines(HostLoaders loaders, List<Binding> hostBindings) {
        this.loaders = loaders;
        this.hostBindings = List.copyOf(hostBindings);
    }

    /** Which loader states run in unless told otherwise. */
    public HostLoaders loaders() {
        return loaders;
    }

    /** A fresh state in {@code loader}, with the given bindings on top of the host's. */
    public Engine create(ClassLoader loader, List<Binding> extra) {
        List<Binding> bindings = new ArrayList<>(hostBindings);
        List<String> helpers = new ArrayList<>();
        if (bindings.stream().noneMatch(b -> b.name().equals("spring"))) {
            SpringContexts.find(loader).ifPresent(spring -> {
                bindings.add(spring);
                helpers.addAll(SpringContexts.HELPERS);
            });
        }
        bindings.addAll(extra);
        return Engine.create(loader, loaders.classPath(loader), bindings, helpers);
    }
}
