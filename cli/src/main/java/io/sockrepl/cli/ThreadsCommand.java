package io.sockrepl.cli;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ThreadsText;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl threads [ADDRESS|PID] [NAME|ID]}: deadlocks, then the busiest threads. */
@Command(
        name = "threads",
        mixinStandardHelpOptions = true,
        description = {
            "Show the server JVM's threads: deadlocked first, then the busiest.",
            "Busiest by CPU time over an interval; each with its state, the lock it waits",
            "for and who holds it, the monitors it holds, its stack. Only reads: a thread",
            "dump is a short pause (--synchronizers: a heap walk). Virtual threads show",
            "as the carriers they run on.",
            "Exit codes: 0 shown, 10 no such thread or an argument out of range,",
            "1 no server, 2 usage."
        })
final class ThreadsCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "NAME|ID",
            description = "One thread, by its name or its id. Alone, a number is a PID and a word with / : or . an "
                    + "address; name such a thread, or a thread by id, after the ADDRESS or PID.")
    String thread;

    @Option(names = "--blocked", description = "Only threads blocked on a monitor or waiting for a held lock.")
    boolean blocked;

    @Option(
            names = "--synchronizers",
            description = "Also the java.util.concurrent locks each thread holds, and deadlocks through them. The JVM "
                    + "walks its heap to find them: a pause of the application that grows with the heap.")
    boolean synchronizers;

    @Option(
            names = "--interval",
            paramLabel = "SECONDS",
            description = "Measure CPU time over this long (default 1; 0: CPU time since each thread started).")
    double intervalSeconds = 1;

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            description = "Show the N busiest (default 10; deadlocked threads are always shown).")
    int limit = 10;

    @Option(names = "--depth", paramLabel = "FRAMES", description = "Stack frames per thread (default 8).")
    int depth = 8;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        // alone, a word that looks like an address or a PID is one; anything else names a thread
        boolean aloneIsThread =
                thread == null && target.address != null && !MistypedCommand.hasAnAddressMark(target.address);
        List<String> operands = target.operands(thread == null ? List.of() : List.of(thread), aloneIsThread);
        if (operands.size() > 1) {
            throw new CliFailure(ExitCodes.USAGE, "usage: sockrepl threads [ADDRESS|PID] [NAME|ID]");
        }
        if (!(intervalSeconds >= 0)) {
            throw new CliFailure(ExitCodes.USAGE, "--interval must be 0 or more seconds");
        }
        JsonObject args = new JsonObject();
        args.addProperty("interval_ms", Math.round(intervalSeconds * 1000));
        args.addProperty("limit", limit);
        args.addProperty("depth", depth);
        args.addProperty("blocked", blocked);
        args.addProperty("synchronizers", synchronizers);
        if (!operands.isEmpty()) {
            args.addProperty("thread", operands.get(0));
        }
        SockreplClient client = target.client();
        return ControlReplies.show(
                Calls.call(() -> client.threads(args)), output.json, reply -> ThreadsText.render(reply, 0));
    }
}
