package io.sockrepl.cli;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl source [ADDRESS] CLASS}: the running code, to edit and redefine. */
@Command(
        name = "source",
        mixinStandardHelpOptions = true,
        description = {
            "Print the source of a loaded class as it runs now, decompiled from its current bytes.",
            "The loop: sockrepl source CLASS > Foo.java; edit; sockrepl redefine Foo.java.",
            "Exit codes: 0 printed, 10 no such class or not decompilable, 1 no server, 2 usage."
        })
final class SourceCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "CLASS",
            description = "The class, e.g. com.example.OwnerRepository (with an ADDRESS before it, or alone).")
    String className;

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
        List<String> operands = target.operands(className == null ? List.of() : List.of(className), className == null);
        if (operands.size() != 1) {
            throw new CliFailure(ExitCodes.USAGE, "which class? usage: sockrepl source [ADDRESS] CLASS");
        }
        SockreplClient client = target.client();
        JsonObject response = ControlReplies.parse(Calls.call(() -> client.source(operands.get(0), loader)));
        ControlReplies.failIfRefused(response);
        if (output.json) {
            JsonObject o = new JsonObject();
            o.add("source", response.get("source"));
            o.add("problems", response.has("problems") ? response.get("problems") : com.google.gson.JsonNull.INSTANCE);
            JsonOutput.print(o);
            return ExitCodes.OK;
        }
        System.out.print(response.get("source").getAsString());
        if (response.has("problems")) {
            System.out.flush();
            System.err.println("sockrepl: this source does not compile back as it is; fix these before a redefine:");
            System.err.println(response.get("problems").getAsString());
        }
        return ExitCodes.OK;
    }
}
