package io.sockrepl.server.host;

import io.sockrepl.server.agent.Instrumentations;
import io.sockrepl.server.eval.Binding;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.eval.VariableSize;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.ToLongFunction;

/**
 * Makes the evaluation states of batch requests and console sessions: each sees one class loader
 * of the application, the host's bindings, and what the host offers without asking (its running
 * Spring context as {@code spring}).
 */
public final class Engines {

    private final HostLoaders loaders;
    private final List<Binding> hostBindings;
    /** The states made, by who uses them; a closed state answers nothing and is soon collected. */
    private final Map<Engine, String> made = Collections.synchronizedMap(new WeakHashMap<>());

    public Engines(HostLoaders loaders, List<Binding> hostBindings) {
        this.loaders = loaders;
        this.hostBindings = List.copyOf(hostBindings);
    }

    /** Which loader states run in unless told otherwise. */
    public HostLoaders loaders() {
        return loaders;
    }

    /**
     * A fresh state in {@code loader}, with the given bindings on top of the host's.
     *
     * @param user who uses it, as {@code status} names it: "batch requests", "console session 3"
     */
    public Engine create(ClassLoader loader, List<Binding> extra, String user) {
        List<Binding> bindings = new ArrayList<>(hostBindings);
        List<String> helpers = new ArrayList<>();
        if (bindings.stream().noneMatch(b -> b.name().equals("spring"))) {
            SpringContexts.find(loader).ifPresent(spring -> {
                bindings.add(spring);
                helpers.addAll(SpringContexts.HELPERS);
            });
        }
        bindings.addAll(extra);
        Engine state = Engine.create(loader, loaders.classPath(loader), bindings, helpers);
        made.put(state, user);
        return state;
    }

    /**
     * The {@code count} variables of all states whose values reach the most memory: what holds a
     * full heap. A state that is evaluating, or closed, may have none to show.
     */
    public List<HeldVariable> largestVariables(int count) {
        ToLongFunction<Object> shallowSize = Instrumentations.ifAvailable()
                .<ToLongFunction<Object>>map(i -> i::getObjectSize)
                .orElse(null);
        List<Map.Entry<Engine, String>> states;
        synchronized (made) {
            states = List.copyOf(made.entrySet());
        }
        List<HeldVariable> held = new ArrayList<>();
        for (Map.Entry<Engine, String> state : states) {
            try {
                for (VariableSize v : state.getKey().variableSizes(shallowSize)) {
                    held.add(new HeldVariable(state.getValue(), v));
                }
            } catch (RuntimeException busyOrClosed) {
                // JShell is not made for two threads: a state changing as it is read is left out
            }
        }
        held.sort(Comparator.comparingLong((HeldVariable h) -> h.variable().bytes())
                .reversed());
        return held.subList(0, Math.min(count, held.size()));
    }

    /** A variable of the state {@code state} names, and what it holds. */
    public record HeldVariable(String state, VariableSize variable) {}
}
