package io.sockrepl.cli;

import com.google.gson.JsonElement;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ControlAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    /** The classes the server has patched and not reverted; none when it cannot say. */
    private static List<String> patched(SockreplClient client) {
        try {
            List<String> names = new ArrayList<>();
            for (JsonElement p : ControlReplies.parse(client.patches()).getAsJsonArray("patches")) {
                names.add(p.getAsJsonObject().get("class").getAsString());
            }
            return names;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public Integer call() {
        SockreplClient client = target.client();
        List<String> patched = patched(client);
        Calls.call(() -> client.control(ControlAction.STOP));
        System.out.println("stopped the server at " + client.address());
        if (!patched.isEmpty()) {
            // the record of a patch lives in its server: a later one cannot revert it
            System.err.println("sockrepl: " + patched.size() + (patched.size() == 1 ? " class keeps" : " classes keep")
                    + " running its patch, which no later server can revert (" + String.join(", ", patched)
                    + "); to undo: sockrepl redefine its original source");
        }
        return ExitCodes.OK;
    }
}
