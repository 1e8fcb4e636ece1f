package io.sockrepl.cli;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.VmText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sockrepl vm [ADDRESS|PID]}: the server's JVM. */
@Command(
        name = "vm",
        mixinStandardHelpOptions = true,
        description = {
            "Show the server's JVM: version, uptime, collector, heap, flags.",
            "With the flags that decide what tools may do there (dynamic agent loading,",
            "attach), its command line and JVM arguments. Only reads.",
            "Exit codes: 0 shown, 1 no server, 2 usage."
        })
final class VmCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--properties", description = "Every system property too.")
    boolean properties;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        SockreplClient client = target.client();
        return ControlReplies.show(Calls.call(() -> client.vm(properties)), output.json, VmText::render);
    }
}
