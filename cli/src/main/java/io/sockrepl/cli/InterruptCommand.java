package io.sockrepl.cli;

import com.google.gson.JsonParser;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ControlAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sockrepl interrupt}. */
@Command(
        name = "interrupt",
        mixinStandardHelpOptions = true,
        description = {
            "Stop the snippet that is running now; its client gets an 'interrupted' error.",
            "Snippets waiting behind it still run."
        })
final class InterruptCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        SockreplClient client = target.client();
        String response = Calls.call(() -> client.control(ControlAction.INTERRUPT));
        boolean interrupted = JsonParser.parseString(response)
                .getAsJsonObject()
                .get("interrupted")
                .getAsBoolean();
        System.out.println(interrupted ? "interrupted the running snippet" : "no snippet was running");
        return ExitCodes.OK;
    }
}
