package io.sockrepl.bench;

import com.google.gson.JsonParser;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ControlAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long a real `sockrepl serve` is away after a restart: from the acknowledgement to the first
 * answered status (the fresh JVM accepting the connections that waited on the socket), and to the
 * first answered snippet (its JShell state made). Baseline: a status round trip on a running server.
 */
public final class RestartBench {

    private static final int RESTARTS = 5;
    private static final long SETTLE_MILLIS = 3000;

    public static void main(String[] args) throws Exception {
        System.out.println("sockrepl restart benchmark (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus)");
        try (ServeProcess serve = ServeProcess.start("restart")) {
            SockreplClient client = serve.client();
            client.run("get(1);");
            Stats status = Stats.measure(20, 100, () -> client.control(ControlAction.STATUS));
            List<Double> toStatus = new ArrayList<>();
            List<Double> toSnippet = new ArrayList<>();
            for (int i = 0; i < RESTARTS; i++) {
                // a server restarted after it ran a while, not back to back
                Thread.sleep(SETTLE_MILLIS);
                long pid = pid(client.control(ControlAction.STATUS));
                client.control(ControlAction.RESTART);
                long acked = System.nanoTime();
                if (pid(client.control(ControlAction.STATUS)) == pid) {
                    throw new IllegalStateException("the old JVM answered after its restart ack");
                }
                toStatus.add((System.nanoTime() - acked) / 1e6);
                client.run("get(1);");
                toSnippet.add((System.nanoTime() - acked) / 1e6);
            }
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "status round trip, running server (baseline)  p50 %8.1f ms%n",
                    status.median() / 1000);
            System.out.printf(
                    Locale.ROOT,
                    "restart ack -> status answered by the new JVM  median %8.1f ms  (x%.0f)%n",
                    Runs.median(toStatus),
                    Runs.median(toStatus) * 1000 / status.median());
            System.out.printf(
                    Locale.ROOT,
                    "restart ack -> first snippet answered          median %8.1f ms  (x%.0f)%n",
                    Runs.median(toSnippet),
                    Runs.median(toSnippet) * 1000 / status.median());
            Thread.sleep(SETTLE_MILLIS);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "resident memory: supervisor (%s) %.1f MiB",
                    serve.handle().info().command().orElse("?"),
                    rssMib(serve.handle()));
            long serving = pid(client.control(ControlAction.STATUS));
            serve.handle()
                    .children()
                    .filter(c -> !Double.isNaN(rssMib(c))) // one on its way out
                    .forEach(c -> System.out.printf(
                            Locale.ROOT,
                            ", %s %.0f MiB",
                            c.pid() == serving ? "server JVM" : "standby JVM",
                            rssMib(c)));
            System.out.println();
        }
    }

    /** Resident set size from /proc (Linux); NaN elsewhere. */
    private static double rssMib(ProcessHandle p) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", String.valueOf(p.pid()), "status"))
                    .stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0)
                    .orElse(Double.NaN);
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    private static long pid(String status) {
        return JsonParser.parseString(status).getAsJsonObject().get("pid").getAsLong();
    }
}
