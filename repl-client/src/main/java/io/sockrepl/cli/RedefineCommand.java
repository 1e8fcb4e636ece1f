package io.sockrepl.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.client.SockreplClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sockrepl redefine [ADDRESS] PATH.java}. */
@Command(name = "redefine", mixinStandardHelpOptions = true, description = {
        "Give loaded classes the method bodies in PATH.java; running code picks them up.",
        "New fields, methods or signatures are refused, and the refusal says which.",
        "Exit codes: 0 redefined, 10 refused (the old classes keep running), 1 no server, 2 usage."})
final class RedefineCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH.java",
            description = "The new source (with an ADDRESS before it, or alone).")
    String second;

    @Override
    public Integer call() {
        if (target.address == null) {
            throw new CliFailure(ExitCodes.USAGE, "which source? usage: sockrepl redefine [ADDRESS] PATH.java");
        }
        String path = second != null ? second : target.address;
        if (second == null) {
            target.address = null;
        }
        String source;
        try {
            source = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot read " + path + ": " + e.getMessage());
        }
        SockreplClient client = target.client();
        JsonObject response = JsonParser.parseString(Calls.call(() -> client.redefine(path, source))).getAsJsonObject();
        if (response.has("refused")) {
            System.err.println(response.get("refused").getAsString());
            return ExitCodes.SNIPPET_FAILED;
        }
        System.out.println("redefined " + response.getAsJsonArray("redefined"));
        return ExitCodes.OK;
    }
}
