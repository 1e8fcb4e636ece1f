package io.sockrepl.bench;

import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * sockrepl in the Spring Boot fixture (src-test/spring-app) started with {@code java -jar}: the
 * time from {@code sockrepl inject PID} to the first answered typed snippet, against a typed
 * snippet on the server once it is there; and the cost of {@code instances(...)} on a heap holding
 * a million instances, against a snippet that only counts them and against a full GC; and the
 * patch loop on a controller ({@code source}, {@code redefine} of an edited body, {@code redefine}
 * of the unchanged source), and {@code threads}, {@code vm} and {@code heap} with the pauses a
 * thread dump and a heap walk cost the target, against a {@code status} round trip.
 */
public final class SpringBench {

    private static final String TYPED = "get(bean(fixture.shop.OwnerRepository.class).findAll().size());";

    public static void main(String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("sockrepl.jar");
        Path app = Path.of(System.getProperty("sockrepl.spring.app"));
        Path dir = Files.createTempDirectory("sockrepl-spring-bench");
        System.out.println("Spring Boot fixture benchmark (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores)");

        List<Double> first = new ArrayList<>();
        List<Double> again = new ArrayList<>();
        Stats[] heap = null;
        Stats[] patch = null;
        Stats[] diagnostics = null;
        List<Long> dumpPauses = List.of();
        List<Long> walkPauses = List.of();
        for (int i = 0; i < 3; i++) {
            // the target's safepoints, for the pauses the diagnostics cost it
            Path safepoints = dir.resolve("safepoints-" + i + ".log");
            Process target = new ProcessBuilder(java, "-Xlog:safepoint=info:file=" + safepoints, "-jar", app.toString())
                    .redirectErrorStream(true)
                    .start();
            Runs.awaitLine(target, Pattern.compile("Started ShopApplication"));
            Path sock = dir.resolve("spring-" + i + ".sock");
            long t0 = System.nanoTime();
            Runs.exec(List.of(java, "-jar", jar, "inject", "-f", "-", String.valueOf(target.pid()), sock.toString()));
            Runs.exec(List.of(java, "-jar", jar, "run", sock.toString(), "-e", TYPED));
            first.add((System.nanoTime() - t0) / 1e6);
            // JShell indexes the class path in the background after a state's first snippet: the
            // baseline is the steady state that follows
            for (int w = 0; w < 3; w++) {
                Runs.exec(List.of(java, "-jar", jar, "run", sock.toString(), "-e", TYPED));
            }
            long t1 = System.nanoTime();
            Runs.exec(List.of(java, "-jar", jar, "run", sock.toString(), "-e", TYPED));
            again.add((System.nanoTime() - t1) / 1e6);
            if (i == 0) {
                heap = heap(SockreplClient.to(Address.parse(sock.toString())));
                patch = patch(SockreplClient.to(Address.parse(sock.toString())));
                int dumpsBefore = pauses(safepoints, "ThreadDump").size();
                int walksBefore = pauses(safepoints, "GC_HeapInspection").size();
                diagnostics = diagnostics(SockreplClient.to(Address.parse(sock.toString())));
                List<Long> dumps = pauses(safepoints, "ThreadDump");
                List<Long> walks = pauses(safepoints, "GC_HeapInspection");
                dumpPauses = dumps.subList(dumpsBefore, dumps.size());
                walkPauses = walks.subList(walksBefore, walks.size());
            }
            target.destroy();
            target.waitFor();
        }
        double f = Runs.median(first);
        double a = Runs.median(again);
        System.out.println();
        System.out.printf(
                Locale.ROOT, "%-58s %8.0f ms%n", "typed snippet, `sockrepl run`, server warmed up (baseline)", a);
        System.out.printf(
                Locale.ROOT, "%-58s %8.0f ms  (x%.2f)%n", "`sockrepl inject PID` + first typed snippet", f, f / a);
        System.out.println();
        System.out.println("one million instances of a snippet class on the heap (round trips through the client API)");
        System.out.println(Stats.row("count them: get(keep.size()) (baseline)", heap[0], heap[0]));
        System.out.println(Stats.row("System.gc()", heap[1], heap[0]));
        System.out.println(Stats.row("instances(Item.class).size()", heap[2], heap[0]));
        System.out.println(Stats.row("instances(Item.class, 10).size()", heap[3], heap[0]));
        System.out.println();
        System.out.println("the patch loop on fixture.shop.ShopController (round trips through the client API)");
        System.out.println(Stats.row("status (baseline)", patch[0], patch[0]));
        System.out.println(Stats.row("source (decompile, compile back)", patch[1], patch[0]));
        System.out.println(Stats.row("redefine an edited method body", patch[2], patch[0]));
        System.out.println(Stats.row("redefine the unchanged source (no-op)", patch[3], patch[0]));
        System.out.println();
        System.out.println("diagnostics (round trips through the client API; threads without its interval)");
        System.out.println(Stats.row("status (baseline)", diagnostics[0], diagnostics[0]));
        System.out.println(Stats.row("threads: every thread, 8 frames, monitors", diagnostics[1], diagnostics[0]));
        System.out.println(Stats.row("vm", diagnostics[2], diagnostics[0]));
        System.out.println(Stats.row("heap: every object, no GC, 20 classes", diagnostics[3], diagnostics[0]));
        printPauses("threads", "ThreadDump", dumpPauses);
        printPauses("heap", "GC_HeapInspection", walkPauses);
    }

    private static void printPauses(String request, String operation, List<Long> pauses) {
        List<Long> sorted = new ArrayList<>(pauses);
        java.util.Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "the target's pause per %s request (%s safepoints, -Xlog:safepoint): n=%d p50 %.1f us max %.1f us%n",
                request,
                operation,
                sorted.size(),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1000.0,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static Stats[] diagnostics(SockreplClient client) throws Exception {
        com.google.gson.JsonObject threads = new com.google.gson.JsonObject();
        threads.addProperty("interval_ms", 0);
        threads.addProperty("limit", 1000);
        return new Stats[] {
            Stats.measure(2, 20, () -> client.control(io.sockrepl.core.ControlAction.STATUS)),
            Stats.measure(2, 20, () -> client.threads(threads)),
            Stats.measure(2, 20, () -> client.vm(false)),
            Stats.measure(2, 20, () -> client.heap(false, 20)),
        };
    }

    /** The total time of each safepoint for {@code operation} the target has logged so far, in ns. */
    private static List<Long> pauses(Path safepoints, String operation) throws java.io.IOException {
        List<Long> pauses = new ArrayList<>();
        Pattern total = Pattern.compile("Safepoint \"" + operation + "\".*Total: (\\d+) ns");
        for (String line : Files.readAllLines(safepoints)) {
            java.util.regex.Matcher m = total.matcher(line);
            if (m.find()) {
                pauses.add(Long.parseLong(m.group(1)));
            }
        }
        return pauses;
    }

    private static Stats[] patch(SockreplClient client) throws Exception {
        String controller = "fixture.shop.ShopController";
        String source = com.google.gson.JsonParser.parseString(client.source(controller))
                .getAsJsonObject()
                .get("source")
                .getAsString();
        String body = "return name + \" on page \" + page;";
        if (!source.contains(body)) {
            throw new IllegalStateException("the controller's page() is not where the benchmark expects it");
        }
        String[] versions = {source.replace(body, "return name + \" at page \" + page;"), source};
        int[] turn = {0};
        return new Stats[] {
            Stats.measure(2, 10, () -> client.control(io.sockrepl.core.ControlAction.STATUS)),
            Stats.measure(2, 10, () -> client.source(controller)),
            Stats.measure(2, 10, () -> redefined(client.redefine("ShopController.java", versions[turn[0]++ % 2]), 1)),
            Stats.measure(
                    2, 10, () -> redefined(client.redefine("ShopController.java", versions[(turn[0] + 1) % 2]), 0)),
        };
    }

    /** Fails unless the response redefined {@code classes} classes. */
    private static void redefined(String response, int classes) {
        var o = com.google.gson.JsonParser.parseString(response).getAsJsonObject();
        if (o.has("refused") || o.getAsJsonArray("redefined").size() != classes) {
            throw new IllegalStateException("expected " + classes + " redefined classes: " + response);
        }
    }

    private static Stats[] heap(SockreplClient client) throws Exception {
        expect(
                client.run("class Item { long n; Item(long n) { this.n = n; } }\n"
                        + "List<Item> keep = new ArrayList<>();\n"
                        + "for (long i = 0; i < 1_000_000; i++) keep.add(new Item(i));\nget(keep.size());"),
                "1000000");
        return new Stats[] {
            Stats.measure(2, 10, () -> expect(client.run("get(keep.size());"), "1000000")),
            Stats.measure(2, 10, () -> expect(client.run("System.gc(); get(1000000);"), "1000000")),
            Stats.measure(2, 10, () -> expect(client.run("get(instances(Item.class).size());"), "1000000")),
            Stats.measure(2, 10, () -> expect(client.run("get(instances(Item.class, 10).size());"), "10")),
        };
    }

    private static void expect(SnippetResult r, String captured) {
        if (!r.captured().equals(captured)) {
            throw new IllegalStateException("expected " + captured + ", got " + r.captured() + " " + r.exception());
        }
    }
}
