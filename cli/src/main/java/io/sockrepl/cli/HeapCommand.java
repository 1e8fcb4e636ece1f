package io.sockrepl.cli;

import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.HeapText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sockrepl heap [ADDRESS|PID]}: the heap's class histogram. */
@Command(
        name = "heap",
        mixinStandardHelpOptions = true,
        description = {
            "Show the classes with the most bytes on the server JVM's heap.",
            "With their instances, as jcmd GC.class_histogram prints them. Every object",
            "is counted, unreachable ones too, without a collection first (a heap walk is",
            "still a pause); --live runs a full GC and counts what is reachable.",
            "Exit codes: 0 shown, 10 refused, 1 no server, 2 usage."
        })
final class HeapCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--live", description = "A full GC first, then only reachable objects.")
    boolean live;

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            description = "The N classes with the most bytes (default 20).")
    int limit = 20;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        SockreplClient client = target.client();
        return ControlReplies.show(Calls.call(() -> client.heap(live, limit)), output.json, HeapText::render);
    }
}
