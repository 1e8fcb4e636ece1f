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
            System.out.printf(Locale.ROOT, "status round trip, running server (baseline)  p50 %8.1f ms%n",
                    status.median() / 1000);
            System.out.printf(Locale.ROOT, "restart ack -> status answered by the new JVM  median %8.1f ms  (x%.0f)%n",
                    Runs.median(toStatus), Runs.median(toStatus) * 1000 / status.median());
            System.out.printf(Locale.ROOT, "restart ack -> first snippet answered          median %8.1f ms  (x%.0f)%n",
                    Runs.median(toSnippet), Runs.median(toSnippet) * 1000 / status.median());
        }
    }

    private static long pid(String status) {
        return JsonParser.parseString(status).getAsJsonObject().get("pid").getAsLong();
    }
}
