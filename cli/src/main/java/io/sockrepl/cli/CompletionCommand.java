package io.sockrepl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code sockrepl completion bash}: a bash completion script. Commands and their options come
 * from the commands themselves, so the script never lags behind them; operands are completed by
 * what each command takes: addresses (UNIX sockets here, and the pids of this user's JVMs, read
 * from the JDK's own list in {@code /tmp/hsperfdata_USER} without starting a JVM) for the commands
 * that reach a server, source and class files for {@code redefine}, files for options that name one.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a bash completion script for sockrepl.",
            "Load it with: source <(sockrepl completion bash), or save it to ~/.local/share/bash-completion/completions/sockrepl."
        })
final class CompletionCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", description = "bash (the only one so far).")
    String shell = "bash";

    @Override
    public Integer call() throws IOException {
        if (!"bash".equals(shell)) {
            throw new CliFailure(ExitCodes.USAGE, "no completion for " + shell + " yet; bash is the one there is");
        }
        StringBuilder script = new StringBuilder();
        script.append("# bash completion for sockrepl (").append(Main.VERSION).append(")\n");
        CommandLine root = new CommandLine(new RootCommand());
        script.append("_sockrepl_commands='")
                .append(String.join(" ", root.getSubcommands().keySet()))
                .append("'\n");
        script.append("_sockrepl_options_='")
                .append(options(root.getCommandSpec()))
                .append("'\n");
        root.getSubcommands()
                .forEach((name, sub) -> script.append("_sockrepl_options_")
                        .append(name)
                        .append("='")
                        .append(options(sub.getCommandSpec()))
                        .append("'\n"));
        try (InputStream in = CompletionCommand.class.getResourceAsStream("completion.bash")) {
            if (in == null) {
                throw new CliFailure(ExitCodes.UNREACHABLE, "sockrepl's jar has no completion.bash");
            }
            script.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        System.out.print(script);
        return ExitCodes.OK;
    }

    /** A command's option names, for the script. */
    private static String options(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        return String.join(" ", names);
    }
}
