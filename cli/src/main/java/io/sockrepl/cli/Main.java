package io.sockrepl.cli;

import io.sockrepl.core.ClientWarmup;
import java.util.Optional;

/**
 * The {@code sockrepl} command's entry: the plain forms of {@code run} and {@code --version} are
 * read here, without picocli (whose model of a command was most of a short command's time on a
 * cold JVM), and everything else by {@link RootCommand}. No picocli type appears in this class,
 * so that loading it needs none.
 */
public final class Main {

    static final String VERSION = "sockrepl 0.1.0";

    private Main() {}

    public static void main(String[] args) {
        SelectorProviderChoice.apply();
        boolean shortForm = QuickRun.parse(args).isPresent() || isVersion(args);
        int code = execute(args);
        if (shortForm) {
            // nothing of a short command waits for a shutdown hook, and the JDK's exit logging
            // (JDK 21 on) looks for a logger service, which opens the jar
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** Runs the command line and returns the exit code. */
    static int execute(String... args) {
        Optional<QuickRun.Parsed> quick = QuickRun.parse(args);
        if (quick.isPresent()) {
            return quickRun(quick.get());
        }
        return isVersion(args) ? version() : RootCommand.execute(args);
    }

    private static int quickRun(QuickRun.Parsed run) {
        ClientWarmup.begin();
        try {
            return RunCommand.run(run.target(), run.snippet());
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    private static boolean isVersion(String[] args) {
        return args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]));
    }

    private static int version() {
        System.out.println(VERSION);
        return ExitCodes.OK;
    }

    /** One line on stderr and the exit code that goes with it; a stack trace only with SOCKREPL_DEBUG. */
    static int failed(Exception e) {
        if (e instanceof CliFailure f) {
            System.err.println("sockrepl: " + f.getMessage());
            return f.exitCode;
        }
        System.err.println("sockrepl: unexpected error: " + e);
        if (System.getenv("SOCKREPL_DEBUG") != null) {
            e.printStackTrace();
        }
        return ExitCodes.UNREACHABLE;
    }
}
