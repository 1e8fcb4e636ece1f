package io.sockrepl.cli;

import com.google.gson.JsonElement;
import picocli.CommandLine.Option;

/**
 * {@code --json}: a command's result as one JSON object on stdout, for scripts. Exit codes stay
 * what they are without it; an error that ends the command still goes to stderr as one line.
 */
final class JsonOutput {

    @Option(names = "--json", description = "Print the result as one JSON object on stdout, for scripts.")
    boolean json;

    /** Prints {@code result} as one line of JSON. */
    static void print(JsonElement result) {
        System.out.println(result.toString());
    }
}
