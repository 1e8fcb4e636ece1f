/**
 * Evaluation: one JShell state in this JVM ({@link io.sockrepl.server.eval.Engine}), how a request
 * is split, run, interrupted and rendered against its own lines, and what snippets capture.
 * A leaf: it depends on no other server package. Internal; not an API.
 */
package io.sockrepl.server.eval;
