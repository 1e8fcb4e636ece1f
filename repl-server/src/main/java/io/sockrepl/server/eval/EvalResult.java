package io.sockrepl.server.eval;

import io.sockrepl.core.Outcome;
import java.util.List;

/**
 * The result of evaluating one request's source.
 *
 * @param outcome  how it ended
 * @param error    the rendered error; empty when the outcome is {@link Outcome#OK}
 * @param feedback what jshell would say about each unit ({@code $1 ==> 42}, {@code created method
 *                 f()}), in order; consoles show it, batch replies leave it out
 * @param warnings what the user should know although the request succeeded, e.g. a method that
 *                 cannot run until something it uses is declared
 */
public record EvalResult(Outcome outcome, String error, List<String> feedback, List<String> warnings) {}
