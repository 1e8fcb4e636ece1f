package io.sockrepl.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The response objects of control actions, as the commands that sent them read them. */
final class ControlReplies {

    private ControlReplies() {}

    static JsonObject parse(String response) {
        return JsonParser.parseString(response).getAsJsonObject();
    }

    /** A response that says {@code refused} ends the command with exit code 10 and the reason. */
    static void failIfRefused(JsonObject response) {
        if (response.has("refused")) {
            throw new CliFailure(
                    ExitCodes.SNIPPET_FAILED, response.get("refused").getAsString());
        }
    }
}
