package io.sockrepl.cli;

import io.sockrepl.demo.DemoService;
import io.sockrepl.demo.PriceList;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sockrepl demo}: a small HTTP service with sockrepl embedded, to try hot-patching on. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Run a small HTTP service with sockrepl embedded, to try hot-patching on.",
        "GET /coffee answers 'coffee costs 3.50' from a live PriceList bound as 'prices'.",
        "Attach, change it, and watch the answers change."})
final class DemoCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", defaultValue = "demo.sock",
            description = "Where sockrepl listens (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP port on loopback (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = {"-f", "--session-file"}, paramLabel = "FILE", defaultValue = ".sockrepl.json",
            description = "Session file (default: ${DEFAULT-VALUE}; - for none).")
    String sessionFile;

    @Override
    public Integer call() throws InterruptedException {
        PriceList prices = new PriceList();
        try (DemoService service = new DemoService(prices, port);
             SockreplServer repl = SockreplServer.start(ServerConfig.at(Addresses.parse(address))
                     .sessionFile("-".equals(sessionFile) ? null : Path.of(sessionFile))
                     .bind("prices", PriceList.class, prices)
                     .build())) {
            System.out.println("demo: HTTP on http://127.0.0.1:" + service.port() + "/coffee");
            System.out.println("demo: sockrepl on " + repl.address() + "; try: sockrepl attach "
                    + repl.address() + "   then: prices.set(\"coffee\", 2.25)");
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(repl::close));
            repl.awaitTermination();
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "cannot start the demo: " + e.getMessage());
        }
    }
}
