package io.sockrepl.cli;

import com.google.gson.JsonObject;
import io.sockrepl.client.SockreplClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl redefine [ADDRESS] PATH.java | PATH.class...}. */
@Command(
        name = "redefine",
        mixinStandardHelpOptions = true,
        description = {
            "Give loaded classes new method bodies, from new source or class files; running code picks them up.",
            "Source compiles against the class's own loader, for its release, with -parameters if it has names.",
            "sockrepl patches lists what is changed; sockrepl revert undoes it.",
            "Exit codes: 0 redefined (or nothing changed), 10 refused (the old classes keep running), 1 no server, 2 usage."
        })
final class RedefineCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Parameters(
            index = "1..*",
            arity = "0..*",
            paramLabel = "FILE",
            description = "One .java file, or .class files (with an ADDRESS before them, or alone).")
    List<String> rest;

    @Option(
            names = "--javac",
            paramLabel = "OPTION",
            description = "An extra javac option, after the inferred ones (repeatable), e.g. --javac=-Xlint.")
    List<String> javac = new ArrayList<>();

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
        List<String> files = target.operands(
                rest,
                target.address != null && (target.address.endsWith(".java") || target.address.endsWith(".class")));
        if (files.isEmpty()) {
            throw new CliFailure(
                    ExitCodes.USAGE, "which files? usage: sockrepl redefine [ADDRESS] PATH.java | PATH.class...");
        }
        boolean classFiles = files.get(0).endsWith(".class");
        if (files.stream().anyMatch(f -> f.endsWith(".class") != classFiles) || (!classFiles && files.size() > 1)) {
            throw new CliFailure(ExitCodes.USAGE, "give one .java file, or one or more .class files");
        }
        SockreplClient client = target.client();
        JsonObject response;
        if (classFiles) {
            List<byte[]> bytes = new ArrayList<>();
            for (String f : files) {
                bytes.add(read(f));
            }
            response = ControlReplies.parse(Calls.call(() -> client.redefineClassFiles(bytes, loader)));
        } else {
            String source = new String(read(files.get(0)), StandardCharsets.UTF_8);
            response = ControlReplies.parse(Calls.call(() -> client.redefine(files.get(0), source, javac, loader)));
        }
        ControlReplies.failIfRefused(response);
        if (output.json) {
            JsonObject o = new JsonObject();
            o.add("redefined", response.getAsJsonArray("redefined"));
            JsonOutput.print(o);
        } else if (response.getAsJsonArray("redefined").isEmpty()) {
            System.out.println("nothing to redefine: the running code is the same");
        } else {
            System.out.println("redefined " + response.getAsJsonArray("redefined"));
        }
        return ExitCodes.OK;
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
