package io.sockrepl.cli;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl revert [ADDRESS] CLASS | --all}: back to the bytes before the first patch. */
@Command(
        name = "revert",
        mixinStandardHelpOptions = true,
        description = {
            "Put back the bytes a redefined class ran before its first patch (or of every patched class).",
            "Exit codes: 0 reverted, 10 not patched or refused, 1 no server, 2 usage."
        })
final class RevertCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "CLASS",
            description = "The class (with an ADDRESS before it, or alone).")
    String className;

    @Option(names = "--all", description = "Revert every patched class.")
    boolean all;

    @Option(
            names = "--loader",
            paramLabel = "LOADER",
            description = "Where several class loaders have a class of this name (webapps): the one that loaded "
                    + "class LOADER, or has the @ID or webapp context /loaders shows.")
    String loader;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        List<String> operands =
                target.operands(className == null ? List.of() : List.of(className), className == null && !all);
        if (all ? !operands.isEmpty() : operands.size() != 1) {
            throw new CliFailure(ExitCodes.USAGE, "which class? usage: sockrepl revert [ADDRESS] CLASS | --all");
        }
        SockreplClient client = target.client();
        JsonObject response =
                ControlReplies.parse(Calls.call(() -> client.revert(all ? null : operands.get(0), loader)));
        ControlReplies.failIfRefused(response);
        if (output.json) {
            JsonObject o = new JsonObject();
            o.add("reverted", response.getAsJsonArray("reverted"));
            JsonOutput.print(o);
        } else {
            System.out.println("reverted " + response.getAsJsonArray("reverted"));
        }
        return ExitCodes.OK;
    }
}
