package io.sockrepl.cli;

import com.google.gson.JsonParser;
import io.sockrepl.client.ServerUnreachableException;
import io.sockrepl.client.SockreplClient;
import io.sockrepl.core.ControlAction;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sockrepl restart}: asks for a fresh state, then waits until the server answers again. */
@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        description = {
            "Restart the server with a fresh state on the same address.",
            "Under 'sockrepl serve' that is a fresh JVM. Waits until the server answers again."
        })
final class RestartCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long to wait for the restarted server (default: ${DEFAULT-VALUE}).")
    double waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        SockreplClient client = target.client();
        String before = startedAt(Calls.call(() -> client.control(ControlAction.STATUS)));
        Calls.call(() -> client.control(ControlAction.RESTART));
        long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            try {
                String status = client.control(ControlAction.STATUS);
                if (!startedAt(status).equals(before)) {
                    long pid = JsonParser.parseString(status)
                            .getAsJsonObject()
                            .get("pid")
                            .getAsLong();
                    System.out.println("restarted the server at " + client.address() + " (pid " + pid + ")");
                    return ExitCodes.OK;
                }
            } catch (ServerUnreachableException e) {
                // between the old server and the new one
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
            }
            Thread.sleep(25);
        }
        throw new CliFailure(
                ExitCodes.UNREACHABLE,
                "the server at " + client.address() + " did not come back within " + waitSeconds + " s");
    }

    /** The restart is done when a server answers that started after the request. */
    private static String startedAt(String status) {
        return JsonParser.parseString(status)
                .getAsJsonObject()
                .get("started_at")
                .getAsString();
    }
}
