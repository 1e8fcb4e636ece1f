package io.sockrepl.cli;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ControlAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sockrepl stop}. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop the server; its socket file and session file are removed.")
final class StopCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        SockreplClient client = target.client();
        Calls.call(() -> client.control(ControlAction.STOP));
        System.out.println("stopped the server at " + client.address());
        return ExitCodes.OK;
    }
}
