package io.sockrepl.cli;

import com.google.gson.JsonObject;
import io.sockrepl.client.SnippetResult;
import io.sockrepl.client.SockreplClient;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sockrepl run}: sends a snippet, prints what it captured. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run a Java snippet in the server and print what it passed to get(...).",
            "The snippet comes from stdin, -e CODE or --file FILE.",
            "Captured values go to stdout exactly as received; the snippet's own output",
            "and any error go to stderr.",
            "Exit codes: 0 ok, 10 the snippet failed, 1 no server, 2 usage error."
        })
final class RunCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Mixin
    SnippetOptions snippet;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        if (output.json) {
            return runForJson(target, snippet);
        }
        return run(target, snippet);
    }

    /** The whole result as JSON: {@code captured, stdout, stderr, exception, status, duration_ms}. */
    private static int runForJson(TargetOptions target, SnippetOptions snippet) {
        SnippetResult result = result(target, snippet);
        JsonObject o = new JsonObject();
        o.addProperty("captured", result.captured());
        o.addProperty("stdout", result.stdout());
        o.addProperty("stderr", result.stderr());
        o.addProperty("exception", result.exception());
        o.addProperty("status", result.status().wireName());
        o.addProperty("duration_ms", result.durationMillis());
        JsonOutput.print(o);
        return result.succeeded() ? ExitCodes.OK : ExitCodes.SNIPPET_FAILED;
    }

    static int run(TargetOptions target, SnippetOptions snippet) {
        SnippetResult result = result(target, snippet);
        // raw descriptors: captured text must arrive byte for byte, whatever the JVM's charset
        write(new FileOutputStream(FileDescriptor.err), result.stdout() + result.stderr() + result.exception());
        write(new FileOutputStream(FileDescriptor.out), result.captured());
        return result.succeeded() ? ExitCodes.OK : ExitCodes.SNIPPET_FAILED;
    }

    /** Without a lambda: the plain forms' path stays clear of a cold JVM's first one (milliseconds). */
    private static SnippetResult result(TargetOptions target, SnippetOptions snippet) {
        SockreplClient client = target.clientInjecting();
        String source = snippet.read();
        try {
            return client.run(source, snippet.timeout(), snippet.loader);
        } catch (IOException e) {
            throw Calls.failure(e);
        }
    }

    private static void write(OutputStream out, String text) {
        if (text.isEmpty()) {
            return;
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "cannot write output: " + e.getMessage());
        }
    }
}
