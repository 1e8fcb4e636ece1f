package io.sockrepl.server.eval;

/**
 * One statement or declaration cut from a request's source.
 *
 * @param text   what is handed to JShell (the original text, plus {@code ;} where JShell needs it)
 * @param offset where the text starts in the request's source
 */
record SourceUnit(String text, int offset) {}
