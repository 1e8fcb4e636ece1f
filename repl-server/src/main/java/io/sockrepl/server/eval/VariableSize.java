package io.sockrepl.server.eval;

/**
 * A variable of a state and the memory its value reaches.
 *
 * @param name       the variable's name
 * @param type       its declared type, as JShell prints it
 * @param bytes      the bytes of the objects its value reaches that no variable before it reached
 * @param lowerBound whether more objects were reached than could be counted
 */
public record VariableSize(String name, String type, long bytes, boolean lowerBound) {}
