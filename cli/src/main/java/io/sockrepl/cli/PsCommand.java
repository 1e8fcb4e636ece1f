package io.sockrepl.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.sockrepl.core.Address;
import io.sockrepl.core.RuntimeDir;
import io.sockrepl.core.SessionFile;
import io.sockrepl.core.SessionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sockrepl ps}: the JVMs of this user and where sockrepl serves in them, found without
 * attaching to any: the socket a pid got in the {@link io.sockrepl.core.RuntimeDir}, what its
 * command line tells ({@link ProcessServers}), or the session file here.
 */
@Command(
        name = "ps",
        mixinStandardHelpOptions = true,
        description = {
            "List the JVMs of your user and where sockrepl serves in each.",
            "A PID from this list can stand for ADDRESS: 'sockrepl attach PID' or 'sockrepl run PID -e ...'",
            "injects sockrepl into that JVM first if it has none."
        })
final class PsCommand implements Callable<Integer> {

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        List<VirtualMachineDescriptor> jvms;
        try {
            jvms = VirtualMachine.list();
        } catch (NoClassDefFoundError e) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "this Java runtime cannot list JVMs (module jdk.attach); " + "run sockrepl with a full JDK");
        }
        if (java.nio.file.Files.isDirectory(RuntimeDir.path())) {
            PidSockets.sweep(RuntimeDir.path());
        }
        Optional<SessionInfo> here = sessionHere();
        long self = ProcessHandle.current().pid();
        List<Row> rows = jvms.stream()
                .filter(d -> !d.id().equals(String.valueOf(self)))
                .map(d -> {
                    long pid = Long.parseLong(d.id());
                    return new Row(pid, where(pid, here), main(d.displayName()));
                })
                .sorted(Comparator.comparingLong(Row::pid))
                .toList();
        if (output.json) {
            JsonArray list = new JsonArray();
            for (Row r : rows) {
                JsonObject o = new JsonObject();
                o.addProperty("pid", r.pid());
                o.addProperty("sockrepl", r.sockrepl().orElse(null));
                o.addProperty("main", r.main());
                list.add(o);
            }
            JsonObject o = new JsonObject();
            o.add("jvms", list);
            JsonOutput.print(o);
            return ExitCodes.OK;
        }
        System.out.printf("%-8s %-48s %s%n", "PID", "SOCKREPL", "MAIN");
        rows.forEach(
                r -> System.out.printf("%-8s %-48s %s%n", r.pid(), r.sockrepl().orElse("-"), r.main()));
        return ExitCodes.OK;
    }

    /** One JVM: its pid, where sockrepl serves in it if it does, and its main class or jar. */
    private record Row(long pid, Optional<String> sockrepl, String main) {}

    private static Optional<String> where(long pid, Optional<SessionInfo> here) {
        Optional<Address> live = PidSockets.liveSocketOf(pid);
        if (live.isPresent()) {
            return live.map(Address::toString);
        }
        Optional<String> told = ProcessServers.of(pid);
        if (told.isPresent()) {
            return told;
        }
        return here.filter(s -> s.pid() == pid).map(s -> s.address().toString());
    }

    private static Optional<SessionInfo> sessionHere() {
        try {
            return new SessionFile(Path.of(SessionFile.DEFAULT_NAME)).read();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** The main class or jar, without its arguments. */
    private static String main(String display) {
        if (display.isBlank()) {
            return "(unknown: started without a main class it tells)";
        }
        if (ProcessServers.isServeJvm(display)) {
            return "sockrepl serve (server JVM)";
        }
        return display.split(" ")[0];
    }
}
