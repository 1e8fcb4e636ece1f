package io.sockrepl.cli;

import com.google.gson.JsonObject;
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
        JsonObject reply = JsonParser.parseString(response).getAsJsonObject();
        if (!reply.get("interrupted").getAsBoolean()) {
            System.out.println("no snippet was running");
            return ExitCodes.OK;
        }
        // a server from before "stopped" was reported only interrupted
        if (!reply.has("stopped") || reply.get("stopped").getAsBoolean()) {
            System.out.println("interrupted the running snippet");
            return ExitCodes.OK;
        }
        System.err.println("sockrepl: interrupted the running snippet, but it still runs 2 s later: it catches"
                + " what stops it; restart ends it (and the state)");
        return ExitCodes.UNREACHABLE;
    }
}
