package io.sockrepl.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.FrameCodec;
import io.sockrepl.core.Request;
import io.sockrepl.core.SocketConnector;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A soak of a real `sockrepl serve`: 50 clients send 200 snippets each, and one request in twenty
 * vanishes mid-request (sent, then the socket closed before the reply). Reports lost and wrong
 * replies (both must be 0), the server's heap and threads before and after, and throughput against
 * one client running the same snippets alone, measured in the same run.
 */
public final class SoakBench {

    private static final int CLIENTS = 50;
    private static final int PER_CLIENT = 200;

    public static void main(String[] args) throws Exception {
        try (ServeProcess serve = ServeProcess.start("soak")) {
            Path sock = serve.socket;
            SockreplClient client = serve.client();
            client.run("get(1);");
            JsonObject before = settledStatus(client);

            long t0 = System.nanoTime();
            for (int i = 0; i < PER_CLIENT; i++) {
                check(client.run(snippet(0, i)), 0, i, new AtomicInteger(), new AtomicInteger());
            }
            double aloneRate = PER_CLIENT / ((System.nanoTime() - t0) / 1e9);

            AtomicInteger lost = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            AtomicInteger vanished = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> runs = new ArrayList<>();
            long t1 = System.nanoTime();
            for (int c = 1; c <= CLIENTS; c++) {
                int id = c;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        if (ThreadLocalRandom.current().nextInt(20) == 0) {
                            vanish(sock, snippet(id, i));
                            vanished.incrementAndGet();
                            continue;
                        }
                        try {
                            check(client.run(snippet(id, i)), id, i, lost, wrong);
                        } catch (Exception e) {
                            lost.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            pool.shutdown();
            int answered = CLIENTS * PER_CLIENT - vanished.get();
            JsonObject after = settledStatus(client);
            // connection and reply threads idle out after 30 s: what remains then is what stays
            Thread.sleep(35_000);
            JsonObject idle = settledStatus(client);

            System.out.println("soak of `sockrepl serve` (JDK " + Runtime.version() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores): " + CLIENTS + " clients x " + PER_CLIENT
                    + " snippets, 1 in 20 vanishing mid-request");
            System.out.printf(
                    Locale.ROOT,
                    "requests answered %d, vanished %d, lost %d, wrong %d%n",
                    answered,
                    vanished.get(),
                    lost.get(),
                    wrong.get());
            System.out.printf(Locale.ROOT, "one client alone (baseline)        %8.0f requests/s%n", aloneRate);
            System.out.printf(
                    Locale.ROOT,
                    "50 clients at once                  %8.0f requests/s  (x%.2f)%n",
                    answered / seconds,
                    answered / seconds / aloneRate);
            System.out.printf(
                    Locale.ROOT,
                    "server heap after GC  before %.1f MiB, right after %.1f MiB, 35 s later %.1f MiB%n",
                    mib(before, "heap_used_bytes"),
                    mib(after, "heap_used_bytes"),
                    mib(idle, "heap_used_bytes"));
            System.out.printf(
                    Locale.ROOT,
                    "server threads        before %d, right after %d, 35 s later %d%n",
                    before.get("threads").getAsInt(),
                    after.get("threads").getAsInt(),
                    idle.get("threads").getAsInt());
            if (lost.get() != 0 || wrong.get() != 0) {
                System.out.println("FAILED: every request that stayed must be answered, and rightly");
                System.exit(1);
            }
        }
    }

    private static String snippet(int client, int i) {
        return "get(" + client + " * 100000 + " + i + ");";
    }

    private static void check(SnippetResult r, int client, int i, AtomicInteger lost, AtomicInteger wrong) {
        if (!r.exception().isEmpty()) {
            lost.incrementAndGet();
        } else if (!r.captured().equals(String.valueOf(client * 100000 + i))) {
            wrong.incrementAndGet();
        }
    }

    /** Sends a request and hangs up before the reply, as a killed client does. */
    private static void vanish(Path sock, String source) {
        try (Socket s = SocketConnector.connect(Address.unix(sock), 5000)) {
            FrameCodec.write(
                    s.getOutputStream(), Request.snippet(source, null, 0).toJson());
        } catch (Exception e) {
            // vanishing is the point
        }
    }

    /** Status after a GC in the server, once the threads of finished connections have gone. */
    private static JsonObject settledStatus(SockreplClient client) throws Exception {
        client.run("System.gc();");
        Thread.sleep(1000);
        client.run("System.gc();");
        return JsonParser.parseString(client.control(ControlAction.STATUS)).getAsJsonObject();
    }

    private static double mib(JsonObject status, String key) {
        return status.get(key).getAsLong() / (1024.0 * 1024.0);
    }
}
