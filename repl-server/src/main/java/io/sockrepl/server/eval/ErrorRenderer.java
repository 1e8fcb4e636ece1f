package io.sockrepl.server.eval;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * Renders failures against the source the user sent: compile errors like javac (line, column,
 * message, source line, caret), exceptions like a Java stack trace whose snippet frames name the
 * snippet's own lines, with JShell's machinery left out.
 */
final class ErrorRenderer {

    private static final Pattern WRAPPER_CLASS = Pattern.compile("^REPL\\.\\$JShell\\$\\d+[A-Z]*");
    private static final Pattern WRAPPER_PREFIX = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*\\.");
    private static final String TOP_LEVEL_METHOD = "do_it$";

    /**
     * HotSpot's OmitStackTraceInFastThrow: once compiled code has thrown one of the JDK's common
     * exceptions often, it throws a preallocated one with no message and no stack.
     */
    static final String FAST_THROW =
            "\t(no message and no stack: this JVM throws a preallocated exception where it has "
                    + "thrown this one often; start it with -XX:-OmitStackTraceInFastThrow for full traces)\n";

    private final SourceCodeAnalysis analysis;
    private final Function<String, UnitOrigin> originOfClass;

    ErrorRenderer(SourceCodeAnalysis analysis, Function<String, UnitOrigin> originOfClass) {
        this.analysis = analysis;
        this.originOfClass = originOfClass;
    }

    /** A compile error, as javac would print it, against the request's source. */
    String compileError(UnitOrigin origin, Diag diag) {
        long pos = diag.getPosition();
        int unitPos = pos < 0 ? 0 : (int) pos;
        String source = origin.requestSource;
        int absolute = Math.min(origin.unit.offset() + unitPos, source.length());
        int line = SourceLines.lineOf(source, absolute);
        int column = SourceLines.columnOf(source, absolute);
        String[] message = cleanNames(diag.getMessage(Locale.ROOT)).split("\n", 2);
        StringBuilder sb = new StringBuilder();
        sb.append("snippet:")
                .append(line)
                .append(':')
                .append(column)
                .append(": error: ")
                .append(message[0])
                .append('\n');
        sb.append(SourceLines.line(source, line)).append('\n');
        sb.append(" ".repeat(Math.max(0, column - 1))).append("^\n");
        if (message.length > 1) {
            // "location: class" named JShell's wrapper class, which means nothing to the user
            message[1]
                    .lines()
                    .filter(l -> !l.strip().equals("location: class"))
                    .forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }

    /** A reference to something not declared, found where the name first appears in the unit. */
    String unresolved(UnitOrigin origin, String what, String name) {
        String source = origin.requestSource;
        int at = origin.unit.text().indexOf(name);
        int absolute = origin.unit.offset() + Math.max(0, at);
        absolute = firstNonBlank(source, absolute);
        int line = SourceLines.lineOf(source, absolute);
        int column = SourceLines.columnOf(source, absolute);
        return "snippet:" + line + ":" + column + ": error: cannot find symbol: " + what + "\n"
                + SourceLines.line(source, line) + "\n"
                + " ".repeat(Math.max(0, column - 1)) + "^\n";
    }

    /** An exception with its causes, frames traced to the snippet where they belong. */
    String exception(Throwable t, int currentRequest) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable cur = t;
        boolean first = true;
        while (cur != null && seen.add(cur)) {
            if (!first) {
                sb.append("Caused by: ");
            }
            sb.append(headline(cur)).append('\n');
            if (cur.getMessage() == null && cur.getStackTrace().length == 0) {
                sb.append(FAST_THROW);
            }
            for (String frame : frames(cur, currentRequest)) {
                sb.append("\tat ").append(frame).append('\n');
            }
            first = false;
            cur = cur.getCause();
        }
        return sb.toString();
    }

    private static String headline(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getName() + (msg == null ? "" : ": " + cleanNames(msg));
    }

    private List<String> frames(Throwable t, int currentRequest) {
        StackTraceElement[] trace = t.getStackTrace();
        int end = trace.length;
        for (int i = 0; i < trace.length; i++) {
            if (isWrapper(trace[i].getClassName()) && TOP_LEVEL_METHOD.equals(trace[i].getMethodName())) {
                end = i + 1;
                break;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            StackTraceElement e = trace[i];
            if (isWrapper(e.getClassName())) {
                out.add(snippetFrame(e, currentRequest));
            } else if (!e.getClassName().startsWith("jdk.jshell.")) {
                out.add(e.toString());
            }
        }
        return out;
    }

    private String snippetFrame(StackTraceElement e, int currentRequest) {
        Matcher m = WRAPPER_CLASS.matcher(e.getClassName());
        m.find();
        UnitOrigin origin = originOfClass.apply(m.group());
        String method = e.getMethodName();
        String who = TOP_LEVEL_METHOD.equals(method) ? "" : displayName(e, m.end()) + " ";
        if (origin == null || origin.snippet() == null || e.getLineNumber() < 1) {
            return who + "(snippet)";
        }
        int line = requestLineOf(origin, e.getLineNumber());
        String where = origin.requestNumber == currentRequest
                ? "snippet:" + line
                : "snippet #" + origin.requestNumber + ":" + line;
        return who + "(" + where + ")  "
                + SourceLines.line(origin.requestSource, line).strip();
    }

    /** {@code f} for a method of the wrapper, {@code Foo.bar} for a method of a snippet's class. */
    private static String displayName(StackTraceElement e, int wrapperEnd) {
        String nested = e.getClassName().substring(wrapperEnd);
        String method = e.getMethodName();
        if (nested.isEmpty()) {
            return method;
        }
        return nested.substring(1).replace('$', '.') + "." + method;
    }

    private int requestLineOf(UnitOrigin origin, int wrappedLine) {
        SnippetWrapper wrapper = analysis.wrapper(origin.snippet());
        String wrapped = wrapper.wrapped();
        int start = SourceLines.startOfLine(wrapped, wrappedLine);
        if (start < 0) {
            return origin.requestLine(0);
        }
        start = firstNonBlank(wrapped, start);
        int sourcePos = wrapper.wrappedToSourcePosition(start);
        return origin.requestLine(sourcePos < 0 ? 0 : sourcePos);
    }

    private static int firstNonBlank(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() ? i : from;
    }

    private static boolean isWrapper(String className) {
        return className.startsWith("REPL.$JShell$");
    }

    /** Removes JShell's wrapper class names from messages, e.g. helpful NullPointerException text. */
    static String cleanNames(String text) {
        return WRAPPER_PREFIX.matcher(text).replaceAll("");
    }
}
