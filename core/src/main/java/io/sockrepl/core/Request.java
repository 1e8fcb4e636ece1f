package io.sockrepl.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Set;

/**
 * One batch request as it arrives: a snippet to run or a control action.
 *
 * <p>A request carrying {@code "v": 2} (sockrepl's own client always sends it) gets the richer
 * reply; without it, the reply has exactly the keys a sock_python 0.1.1 client expects.
 *
 * @param snippet    the Java source to run, or {@code null} for a control request
 * @param action     the control action, or {@code null} for a snippet request
 * @param version    1 for sock_python-compatible replies, 2 for rich replies
 * @param token      the token the client presented, or {@code null}
 * @param timeoutMillis for snippets: interrupt after this long; 0 means no limit
 * @param source   for {@code redefine}: the new source of the classes
 * @param path     for {@code redefine}: the source's file name, as javac wants it
 * @param loader   for snippets: run in the class loader this names (a class it loaded, its id as
 *                 {@code /loaders} shows it, its webapp's context name); null for the server's
 *                 choice. For {@code redefine}, {@code source} and {@code revert}: the loader
 *                 whose class is meant, where several have a class of that name
 * @param className for {@code source} and {@code revert}: the class
 * @param all      for {@code revert}: every patched class
 * @param options  for {@code redefine} from source: extra javac options
 * @param classFiles for {@code redefine} from class files: their bytes, base64
 * @param args     for actions that take arguments of their own ({@code threads}, {@code vm}, {@code heap}, {@code heapdump}): an object that
 *                 the action's operation reads, or null
 */
public record Request(
        String snippet,
        ControlAction action,
        int version,
        String token,
        long timeoutMillis,
        String source,
        String path,
        String loader,
        String className,
        boolean all,
        List<String> options,
        List<String> classFiles,
        JsonObject args) {

    public Request {
        options = options == null ? List.of() : List.copyOf(options);
        classFiles = classFiles == null ? List.of() : List.copyOf(classFiles);
    }

    /** Wire keys. */
    public static final String SNIPPET = "snippet";

    public static final String CONTROL = "control";
    public static final String VERSION = "v";
    public static final String TOKEN = "token";
    public static final String TIMEOUT_MS = "timeout_ms";
    public static final String SOURCE = "source";
    public static final String PATH = "path";
    public static final String LOADER = "loader";
    public static final String CLASS = "class";
    public static final String ALL = "all";
    public static final String OPTIONS = "options";
    public static final String CLASSES = "classes";
    public static final String ARGS = "args";

    private static final Set<String> KNOWN = Set.of(
            SNIPPET, CONTROL, VERSION, TOKEN, TIMEOUT_MS, SOURCE, PATH, LOADER, CLASS, ALL, OPTIONS, CLASSES, ARGS);

    /** A snippet request with the rich reply. */
    public static Request snippet(String source, String token, long timeoutMillis) {
        return new Request(source, null, 2, token, timeoutMillis, null, null, null, null, false, null, null, null);
    }

    /** This request, run in (or acting on the class of) the loader {@code loaderClass} names. */
    public Request inLoaderOf(String loaderClass) {
        return new Request(
                snippet,
                action,
                version,
                token,
                timeoutMillis,
                source,
                path,
                loaderClass,
                className,
                all,
                options,
                classFiles,
                args);
    }

    /** A {@code source} or {@code revert} request for one class; for {@code revert}, null means all. */
    public static Request ofClass(ControlAction action, String className, String token) {
        return new Request(null, action, 2, token, 0, null, null, null, className, className == null, null, null, null);
    }

    /** A redefine request with class files instead of source. */
    public static Request redefineClassFiles(List<byte[]> classFiles, String token) {
        return new Request(
                null,
                ControlAction.REDEFINE,
                2,
                token,
                0,
                null,
                null,
                null,
                null,
                false,
                null,
                classFiles.stream()
                        .map(b -> java.util.Base64.getEncoder().encodeToString(b))
                        .toList(),
                null);
    }

    /** A control request with arguments of its own ({@code threads}), with the rich reply. */
    public static Request control(ControlAction action, String token, JsonObject args) {
        return new Request(null, action, 2, token, 0, null, null, null, null, false, null, null, args);
    }

    /** A control request with the rich reply. */
    public static Request control(ControlAction action, String token) {
        return new Request(null, action, 2, token, 0, null, null, null, null, false, null, null, null);
    }

    /** A redefine request: new source for classes already loaded in the server's JVM. */
    public static Request redefine(String path, String source, List<String> options, String token) {
        return new Request(
                null, ControlAction.REDEFINE, 2, token, 0, source, path, null, null, false, options, null, null);
    }

    public boolean isSnippet() {
        return snippet != null;
    }

    /** Whether the client asked for the rich reply. */
    public boolean rich() {
        return version >= 2;
    }

    /** Reads a request from a decoded frame, refusing anything it does not understand. */
    public static Request parse(JsonObject o) throws ProtocolException {
        for (String key : o.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new ProtocolException(ErrorCode.UNKNOWN_KEY, "unknown key '" + key + "' in request");
            }
        }
        boolean hasSnippet = o.has(SNIPPET);
        boolean hasControl = o.has(CONTROL);
        if (hasSnippet == hasControl) {
            throw new ProtocolException(
                    ErrorCode.UNKNOWN_REQUEST,
                    hasSnippet
                            ? "a request carries either 'snippet' or 'control', not both"
                            : "a request needs a 'snippet' or a 'control' key");
        }
        int version = o.has(VERSION) ? intOf(o, VERSION) : 1;
        String token = o.has(TOKEN) ? stringOf(o, TOKEN) : null;
        long timeout = o.has(TIMEOUT_MS) ? intOf(o, TIMEOUT_MS) : 0;
        if (timeout < 0) {
            throw new ProtocolException(ErrorCode.BAD_VALUE, "'timeout_ms' must not be negative");
        }
        if (hasSnippet) {
            String loader = o.has(LOADER) ? stringOf(o, LOADER) : null;
            return new Request(
                    stringOf(o, SNIPPET),
                    null,
                    version,
                    token,
                    timeout,
                    null,
                    null,
                    loader,
                    null,
                    false,
                    null,
                    null,
                    null);
        }
        String loader = o.has(LOADER) ? stringOf(o, LOADER) : null;
        String name = stringOf(o, CONTROL);
        ControlAction action = ControlAction.fromWire(name)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.UNKNOWN_CONTROL,
                        "unknown control action '" + name
                                + "' (known: "
                                + java.util.Arrays.stream(ControlAction.values())
                                        .map(ControlAction::wireName)
                                        .collect(java.util.stream.Collectors.joining(", "))
                                + ")"));
        if (loader != null
                && action != ControlAction.REDEFINE
                && action != ControlAction.SOURCE
                && action != ControlAction.REVERT) {
            throw new ProtocolException(
                    ErrorCode.BAD_VALUE, "'loader' belongs to snippet, redefine, source and revert requests");
        }
        boolean takesArgs = action == ControlAction.THREADS
                || action == ControlAction.VM
                || action == ControlAction.HEAP
                || action == ControlAction.HEAPDUMP;
        if (o.has(ARGS) && !takesArgs) {
            throw new ProtocolException(
                    ErrorCode.BAD_VALUE, "'args' belongs to threads, vm, heap and heapdump requests");
        }
        if (takesArgs) {
            JsonObject args = null;
            if (o.has(ARGS)) {
                if (!(o.get(ARGS) instanceof JsonObject a)) {
                    throw new ProtocolException(ErrorCode.BAD_VALUE, "'args' must be an object");
                }
                args = a;
            }
            return new Request(null, action, version, token, 0, null, null, null, null, false, null, null, args);
        }
        if (action == ControlAction.REDEFINE) {
            if (o.has(CLASSES)) {
                return new Request(
                        null,
                        action,
                        version,
                        token,
                        0,
                        null,
                        null,
                        loader,
                        null,
                        false,
                        null,
                        stringsOf(o, CLASSES),
                        null);
            }
            if (!o.has(SOURCE) || !o.has(PATH)) {
                throw new ProtocolException(ErrorCode.BAD_VALUE, "'redefine' needs 'source' and 'path', or 'classes'");
            }
            return new Request(
                    null,
                    action,
                    version,
                    token,
                    0,
                    stringOf(o, SOURCE),
                    stringOf(o, PATH),
                    loader,
                    null,
                    false,
                    o.has(OPTIONS) ? stringsOf(o, OPTIONS) : null,
                    null,
                    null);
        }
        if (action == ControlAction.SOURCE || action == ControlAction.REVERT) {
            boolean all = o.has(ALL) && booleanOf(o, ALL);
            if (o.has(CLASS) == all) {
                throw new ProtocolException(
                        ErrorCode.BAD_VALUE,
                        "'" + action.wireName() + "' needs 'class'"
                                + (action == ControlAction.REVERT ? " or 'all': true" : ""));
            }
            if (all && action == ControlAction.SOURCE) {
                throw new ProtocolException(ErrorCode.BAD_VALUE, "'source' needs 'class'");
            }
            return new Request(
                    null,
                    action,
                    version,
                    token,
                    0,
                    null,
                    null,
                    loader,
                    all ? null : stringOf(o, CLASS),
                    all,
                    null,
                    null,
                    null);
        }
        return new Request(null, action, version, token, 0, null, null, null, null, false, null, null, null);
    }

    /** The frame for this request. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (isSnippet()) {
            o.addProperty(SNIPPET, snippet);
        } else {
            o.addProperty(CONTROL, action.wireName());
        }
        if (version != 1) {
            o.addProperty(VERSION, version);
        }
        if (token != null) {
            o.addProperty(TOKEN, token);
        }
        if (timeoutMillis > 0) {
            o.addProperty(TIMEOUT_MS, timeoutMillis);
        }
        if (source != null) {
            o.addProperty(SOURCE, source);
            o.addProperty(PATH, path);
        }
        if (loader != null) {
            o.addProperty(LOADER, loader);
        }
        if (className != null) {
            o.addProperty(CLASS, className);
        }
        if (all) {
            o.addProperty(ALL, true);
        }
        if (!options.isEmpty()) {
            o.add(OPTIONS, arrayOf(options));
        }
        if (!classFiles.isEmpty()) {
            o.add(CLASSES, arrayOf(classFiles));
        }
        if (args != null) {
            o.add(ARGS, args);
        }
        return o;
    }

    private static String stringOf(JsonObject o, String key) throws ProtocolException {
        JsonElement e = o.get(key);
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        throw new ProtocolException(ErrorCode.BAD_VALUE, "'" + key + "' must be a string");
    }

    private static com.google.gson.JsonArray arrayOf(List<String> values) {
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static List<String> stringsOf(JsonObject o, String key) throws ProtocolException {
        JsonElement e = o.get(key);
        if (e instanceof com.google.gson.JsonArray a) {
            List<String> out = new java.util.ArrayList<>();
            for (JsonElement item : a) {
                if (!(item instanceof JsonPrimitive p && p.isString())) {
                    throw new ProtocolException(ErrorCode.BAD_VALUE, "'" + key + "' must be an array of strings");
                }
                out.add(item.getAsString());
            }
            return out;
        }
        throw new ProtocolException(ErrorCode.BAD_VALUE, "'" + key + "' must be an array of strings");
    }

    private static boolean booleanOf(JsonObject o, String key) throws ProtocolException {
        JsonElement e = o.get(key);
        if (e instanceof JsonPrimitive p && p.isBoolean()) {
            return p.getAsBoolean();
        }
        throw new ProtocolException(ErrorCode.BAD_VALUE, "'" + key + "' must be true or false");
    }

    private static int intOf(JsonObject o, String key) throws ProtocolException {
        JsonElement e = o.get(key);
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            double d = p.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_VALUE, "'" + key + "' must be a whole number");
    }
}
