package io.sockrepl.cli;

import io.sockrepl.core.log.LogLines;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sockrepl demo}: a small HTTP service with sockrepl embedded, to try hot-patching on. It
 * runs in a JVM of its own from the examples module's jar.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run a small HTTP service with sockrepl embedded, to try hot-patching on.",
            "GET /coffee answers 'coffee costs 3.50' from a live PriceList bound as 'prices'.",
            "Attach, change it, and watch the answers change."
        })
final class DemoCommand implements Callable<Integer> {

    /** Next to sockrepl.jar, and never inside it: that jar is what goes into other people's JVMs. */
    static final String DEMO_JAR = "sockrepl-demo.jar";

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ADDRESS",
            defaultValue = "demo.sock",
            description = "Where sockrepl listens (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "HTTP port on loopback (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = {"-f", "--session-file"},
            paramLabel = "FILE",
            defaultValue = ".sockrepl.json",
            description = "Session file (default: ${DEFAULT-VALUE}; - for none).")
    String sessionFile;

    @Mixin
    LogOption log;

    @Override
    public Integer call() throws InterruptedException, IOException {
        Path jar = Injector.ownJar();
        Path demo = jar.resolveSibling(DEMO_JAR);
        if (!Files.isRegularFile(demo)) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "the demo is not installed: no " + demo);
        }
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the demo logs as this command does
        String level = System.getProperty(LogLines.LEVEL_PROPERTY);
        if (level != null) {
            cmd.add("-D" + LogLines.LEVEL_PROPERTY + "=" + level);
        }
        cmd.addAll(List.of(
                "-cp",
                jar + File.pathSeparator + demo,
                "io.sockrepl.demo.Demo",
                String.valueOf(port),
                sessionFile,
                Addresses.parse(address).absolute().toString(),
                log.file == null ? "" : log.absolute()));
        Process process = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "sockrepl-demo-stop"));
        return process.waitFor();
    }
}
