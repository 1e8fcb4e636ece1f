package io.sockrepl.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sockrepl patches [ADDRESS]}: what has been redefined and not reverted. */
@Command(
        name = "patches",
        mixinStandardHelpOptions = true,
        description = {
            "List the classes redefined in the server's JVM and not reverted: class, when, by whom, digest.",
            "Exit codes: 0 listed (maybe nothing), 1 no server, 2 usage."
        })
final class PatchesCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        SockreplClient client = target.client();
        String response = Calls.call(client::patches);
        if (output.json) {
            System.out.println(response);
            return ExitCodes.OK;
        }
        for (JsonElement e : ControlReplies.parse(response).getAsJsonArray("patches")) {
            JsonObject p = e.getAsJsonObject();
            System.out.println(p.get("class").getAsString() + "  " + p.get("at").getAsString() + "  by "
                    + p.get("by").getAsString() + "  sha256:" + p.get("digest").getAsString()
                    + (p.has("loader") ? "  in " + p.get("loader").getAsString() : ""));
            if (p.has("note")) {
                System.out.println("    since: " + p.get("note").getAsString());
            }
        }
        return ExitCodes.OK;
    }
}
