package io.sockrepl.server.console;

import io.sockrepl.server.audit.AuditLog;
import io.sockrepl.server.control.MemoryReserve;
import io.sockrepl.server.host.Engines;
import io.sockrepl.server.redefine.Redefiner;

/**
 * What a console session needs from the server it runs in.
 *
 * @param engines   makes fresh evaluation states in an application loader, with the host's bindings
 * @param token     the token a plain terminal must type before any code runs (TCP), or null
 * @param redefiner for /redefine
 * @param audit     where each line that runs code is recorded
 * @param transport {@code unix} or {@code tcp}, for the record
 * @param memory    the server's heap kept back, spent to say what holds a full heap
 */
public record ConsoleEnvironment(
        Engines engines, String token, Redefiner redefiner, AuditLog audit, String transport, MemoryReserve memory) {}
