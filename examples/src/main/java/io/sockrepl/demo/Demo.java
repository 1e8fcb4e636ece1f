package io.sockrepl.demo;

import io.sockrepl.core.Address;
import io.sockrepl.core.log.LogLines;
import io.sockrepl.server.ServerConfig;
import io.sockrepl.server.SockreplServer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The demo: {@link DemoService} with a sockrepl server embedded the way an application would,
 * its {@link PriceList} bound as {@code prices}. {@code sockrepl demo} runs it in a JVM of its own,
 * so that the jar sockrepl injects into other JVMs carries none of it.
 *
 * <p>Arguments, as {@code sockrepl demo} passes them: {@code PORT SESSION_FILE ADDRESS [LOG]}, with
 * {@code -} for no session file; sockrepl's log goes to LOG (empty: next to the socket; {@code -}:
 * stderr), warnings and errors to stderr too, so that they do not garble a console attached from
 * the same terminal.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: Demo PORT SESSION_FILE|- ADDRESS [LOG|-]");
            System.exit(2);
        }
        String log = args.length == 4 ? args[3] : "";
        try {
            if (!log.equals("-")) {
                LogLines.toFile(log.isEmpty() ? LogLines.defaultFile(Address.parse(args[2])) : Path.of(log), true);
            }
        } catch (IOException e) {
            System.err.println("sockrepl: cannot log to a file: " + e.getMessage());
            System.exit(1);
        }
        PriceList prices = new PriceList();
        try (DemoService service = new DemoService(prices, Integer.parseInt(args[0]));
                SockreplServer repl = SockreplServer.start(ServerConfig.at(Address.parse(args[2]))
                        .sessionFile("-".equals(args[1]) ? null : Path.of(args[1]))
                        .bind("prices", PriceList.class, prices)
                        .build())) {
            System.out.println("demo: HTTP on http://127.0.0.1:" + service.port() + "/coffee");
            System.out.println("demo: sockrepl on " + repl.address() + "; try: sockrepl attach " + repl.address()
                    + "   then: prices.set(\"coffee\", 2.25)");
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(repl::close));
            repl.awaitTermination();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("sockrepl: cannot start the demo: " + e.getMessage());
            System.exit(1);
        }
    }
}
