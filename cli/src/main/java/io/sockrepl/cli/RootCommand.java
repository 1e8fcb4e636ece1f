package io.sockrepl.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code sockrepl} command as picocli models it: the root's own form ({@code sockrepl ADDRESS
 * < snippet}, when {@link QuickRun} did not read it) and each subcommand.
 */
@Command(
        name = "sockrepl",
        mixinStandardHelpOptions = true,
        version = Main.VERSION,
        subcommands = {
            ServeCommand.class,
            RunCommand.class,
            AttachCommand.class,
            InjectCommand.class,
            DemoCommand.class,
            StatusCommand.class,
            StopCommand.class,
            RestartCommand.class,
            InterruptCommand.class,
            RedefineCommand.class,
            SourceCommand.class,
            PatchesCommand.class,
            RevertCommand.class,
            PsCommand.class,
            ThreadsCommand.class,
            VmCommand.class,
            HeapCommand.class,
            HeapDumpCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        },
        description = {
            "A remote REPL for the JVM: run Java snippets inside a running JVM over a UNIX socket.",
            "",
            "Without a command, 'sockrepl [ADDRESS] < snippet' does what 'sockrepl run' does.",
            "Exit codes: 0 ok, 1 no server (or it refused), 2 usage error, 10 the snippet failed."
        })
final class RootCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Mixin
    SnippetOptions snippet;

    @Override
    public Integer call() {
        return RunCommand.run(target, snippet);
    }

    /** Reads the command line as picocli does and runs it; the exit code. */
    static int execute(String... args) {
        Command root = RootCommand.class.getAnnotation(Command.class);
        Class<?> sub = args.length == 0 ? null : subcommand(root, args[0]);
        if (sub == null && args.length > 0) {
            Optional<String> meant = MistypedCommand.meant(args[0], commandNames(root));
            if (meant.isPresent()) {
                System.err.println("sockrepl: unknown command '" + args[0] + "'; did you mean '" + meant.get()
                        + "'? ('sockrepl --help' lists them)");
                return ExitCodes.USAGE;
            }
        }
        CommandLine cli;
        if (sub == null) {
            cli = new CommandLine(new RootCommand());
        } else {
            cli = new CommandLine(sub);
            cli.setCommandName(root.name() + " " + args[0]);
            cli.getCommandSpec().version(root.version());
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> Main.failed(e));
        cli.setParameterExceptionHandler(new UsageErrors());
        return cli.execute(args);
    }

    /**
     * The class of the subcommand named {@code name}, to model alone: picocli reflects over every
     * command it is given, which on a cold JVM was most of a short command's time. Null for the
     * root's own forms and for {@code help}, which needs the whole tree.
     */
    private static Class<?> subcommand(Command root, String name) {
        for (Class<?> c : root.subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && command.name().equals(name) && c != CommandLine.HelpCommand.class) {
                return c;
            }
        }
        return null;
    }

    private static java.util.List<String> commandNames(Command root) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Class<?> c : root.subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null) {
                names.add(command.name());
            }
        }
        return names;
    }
}
