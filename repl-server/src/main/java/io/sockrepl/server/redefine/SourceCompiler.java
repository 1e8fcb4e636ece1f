package io.sockrepl.server.redefine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles one source file in memory against a class path; the classes never touch the disk. */
final class SourceCompiler {

    private SourceCompiler() {}

    /**
     * @param fileName the source's file name ({@code PriceList.java}); javac wants a public class
     *                 to live in a file of its name
     * @return class name to bytes, for the top-level class and any nested ones
     * @throws RedefinitionException with javac's errors, rendered like javac
     */
    static Map<String, byte[]> compile(String fileName, String source, String classPath, List<String> options)
            throws RedefinitionException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new RedefinitionException("this JVM has no Java compiler (a JRE?); redefinition needs a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new TreeMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        JavaFileManager memory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(
                        URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject unit =
                new SimpleJavaFileObject(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        List<String> arguments = new java.util.ArrayList<>(List.of("-classpath", classPath));
        arguments.addAll(options);
        boolean ok;
        try {
            ok = javac.getTask(null, memory, diagnostics, arguments, null, List.of(unit))
                    .call();
        } catch (IllegalArgumentException badOption) {
            throw new RedefinitionException("javac refused the options " + options + ": " + badOption.getMessage());
        }
        if (!ok) {
            List<String> lines = source.lines().toList();
            throw new RedefinitionException(diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> render(fileName, lines, d))
                    .collect(Collectors.joining("\n")));
        }
        Map<String, byte[]> out = new TreeMap<>();
        classes.forEach((name, bytes) -> out.put(name, bytes.toByteArray()));
        return out;
    }

    /** An error as javac prints it: where, what, the line with a caret under the column, then the details. */
    private static String render(String fileName, List<String> lines, Diagnostic<?> d) {
        String[] message = d.getMessage(Locale.ROOT).split("\n", 2);
        String details = message.length > 1 ? "\n" + message[1] : "";
        String head = fileName + ":" + d.getLineNumber() + ": error: " + message[0];
        long line = d.getLineNumber();
        if (line < 1 || line > lines.size()) {
            return head + details;
        }
        String text = lines.get((int) line - 1);
        long column = d.getColumnNumber();
        String caret = column < 1 || column > text.length() + 1
                ? ""
                : "\n" + text.substring(0, (int) column - 1).replaceAll("[^\t]", " ") + "^";
        return head + "\n" + text + caret + details;
    }
}
