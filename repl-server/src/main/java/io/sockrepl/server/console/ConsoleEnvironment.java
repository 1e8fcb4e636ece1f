package io.sockrepl.server.console;

import io.sockrepl.server.eval.Binding;
import io.sockrepl.server.eval.Engine;
import io.sockrepl.server.redefine.Redefiner;
import java.util.List;
import java.util.function.Function;

/**
 * What a console session needs from the server it runs in.
 *
 * @param engines   makes a fresh evaluation state with the host's bindings plus the given ones
 * @param hostBindings the names the host has bound, for the banner
 * @param token     the token a plain terminal must type before any code runs (TCP), or null
 * @param redefiner for /redefine
 */
public record ConsoleEnvironment(Function<List<Binding>, Engine> engines, List<Binding> hostBindings,
                                 String token, Redefiner redefiner) {
}
