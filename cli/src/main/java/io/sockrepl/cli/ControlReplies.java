package io.sockrepl.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The response objects of control actions, as the commands that sent them read them. */
final class ControlReplies {

    private ControlReplies() {}

    static JsonObject parse(String response) {
        return JsonParser.parseString(response).getAsJsonObject();
    }

    /**
     * Prints a report's response (threads, vm, heap) as the user asked: its JSON, or its text for
     * people; a refusal ends the command as {@link #failIfRefused} does.
     */
    static int show(String response, boolean json, java.util.function.Function<JsonObject, String> text) {
        JsonObject o = parse(response);
        failIfRefused(o);
        if (json) {
            JsonOutput.print(o);
        } else {
            System.out.print(text.apply(o));
        }
        return ExitCodes.OK;
    }

    /** A response that says {@code refused} ends the command with exit code 10 and the reason. */
    static void failIfRefused(JsonObject response) {
        if (response.has("refused")) {
            throw new CliFailure(
                    ExitCodes.SNIPPET_FAILED, response.get("refused").getAsString());
        }
    }
}
