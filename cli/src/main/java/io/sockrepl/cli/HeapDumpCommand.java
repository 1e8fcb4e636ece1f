package io.sockrepl.cli;

import io.sockrepl.client.SockreplClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl heapdump [ADDRESS|PID] FILE}: the heap, written by the server's JVM. */
@Command(
        name = "heapdump",
        mixinStandardHelpOptions = true,
        description = {
            "Have the server's JVM write its heap to FILE (HPROF).",
            "The dump holds every secret in the application's memory: FILE must not",
            "exist, its directory must be yours and writable by nobody else, and the",
            "file is made 0600. Writing it pauses the application.",
            "Exit codes: 0 written, 10 refused, 1 no server, 2 usage."
        })
final class HeapDumpCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "FILE",
            description = "Where the dump goes (with an ADDRESS before it, or alone), e.g. /tmp/me/app.hprof.")
    String file;

    @Option(names = "--live", description = "A full GC first, then only reachable objects.")
    boolean live;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        List<String> operands = target.operands(file == null ? List.of() : List.of(file), file == null);
        if (operands.size() != 1) {
            throw new CliFailure(ExitCodes.USAGE, "where to? usage: sockrepl heapdump [ADDRESS|PID] FILE");
        }
        String path = Path.of(operands.get(0)).toAbsolutePath().normalize().toString();
        SockreplClient client = target.client();
        return ControlReplies.show(
                Calls.call(() -> client.heapdump(path, live)),
                output.json,
                reply -> "wrote " + reply.get("bytes").getAsLong() + " bytes to "
                        + reply.get("file").getAsString() + "\n");
    }
}
