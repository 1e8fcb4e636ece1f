package io.sockrepl.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.core.Outcome;
import java.nio.charset.StandardCharsets;
import jdk.jshell.Snippet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests sent again unchanged run their compiled code again; a state that has run many requests
 * keeps its declarations and only its recent statements. The JShell internals compaction needs
 * are opened by this module's surefire configuration, as the server does through Instrumentation.
 */
class RepeatedRequestsTest {

    private Engine engine;

    @BeforeAll
    static void route() {
        OutputRouter.install();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private Engine batchEngine() {
        engine = Engine.create(RepeatedRequestsTest.class.getClassLoader(), System.getProperty("java.class.path"));
        engine.dropTemporaryVariables();
        return engine;
    }

    private record Reply(EvalResult result, String captured) {}

    private Reply run(String source) {
        Capture capture = new Capture(1 << 20);
        EvalResult r = engine.eval(source, capture, new Interruption());
        return new Reply(r, capture.captured() + capture.stdout(StandardCharsets.UTF_8));
    }

    private long snippets() {
        return engine.jshell().snippets().count();
    }

    @Test
    void aRequestSentAgainRunsAgainstTheStateAsItIsNowWithoutNewSnippets() {
        batchEngine();
        run("int n = 0;");
        String request = "n++;\nSystem.out.print(\"n=\");\nget(n);";
        assertEquals("1n=", run(request).captured());
        long compiled = snippets();
        assertEquals("2n=", run(request).captured());
        assertEquals("3n=", run(request).captured());
        assertEquals(compiled, snippets(), "ran again without compiling");
        assertEquals("3", run("get(n);").captured());
    }

    @Test
    void aNewDeclarationMakesTheSameSourceMeanWhatItMeansNow() {
        batchEngine();
        run("int f() { return 1; }");
        assertEquals("1", run("get(f());").captured());
        assertEquals("1", run("get(f());").captured());
        run("int f() { return 2; }");
        assertEquals("2", run("get(f());").captured());
        run("String f() { return \"three\"; }");
        assertEquals("three", run("get(f());").captured());
        run("import static java.lang.Math.max;");
        assertEquals("three", run("get(f());").captured());
    }

    @Test
    void aRerunThatThrowsRendersAgainstTheRequestsOwnLines() {
        batchEngine();
        run("int[] box = {2};");
        String request = "box[0]--;\nget(10 / box[0]);";
        assertEquals("10", run(request).captured());
        Reply failed = run(request);
        assertEquals(Outcome.EXCEPTION, failed.result().outcome());
        assertTrue(
                failed.result()
                        .error()
                        .startsWith(
                                "java.lang.ArithmeticException: / by zero\n" + "\tat (snippet:2)  get(10 / box[0]);"),
                failed.result().error());
        assertEquals("-1", run("box[0]--; get(box[0]);").captured(), "what ran before the failure stays done");
    }

    @Test
    void batchEnginesDropExpressionValuesThatConsolesKeep() {
        batchEngine();
        run("List<Integer> list = new ArrayList<>();");
        run("list.add(1);");
        assertTrue(
                engine.jshell()
                        .variables()
                        .noneMatch(v -> v.name().startsWith("$")
                                && engine.jshell().status(v).isActive()),
                "no $1 left behind");
        assertEquals("[1]", run("get(list);").captured());
        engine.close();

        engine = Engine.create(RepeatedRequestsTest.class.getClassLoader(), System.getProperty("java.class.path"));
        Reply value = run("1 + 2");
        assertTrue(
                value.result().feedback().toString().contains("==> 3"),
                value.result().feedback().toString());
        String name = value.result().feedback().get(0).split(" ")[0];
        assertEquals("3", run("get(" + name + ");").captured());
        assertTrue(
                run("1 + 2").result().feedback().toString().contains("==> 3"), "a console sees the value every time");
    }

    @Test
    void aLongRunningStateKeepsItsDeclarationsAndOnlyRecentStatements() {
        batchEngine();
        long start = snippets();
        run("int total = 0;");
        run("int twice(int x) { return 2 * x; }");
        int requests = 3 * StateCompaction.STATEMENTS_KEPT;
        for (int i = 0; i < requests; i++) {
            assertEquals(
                    String.valueOf(2 * i),
                    run("total += " + i + "; get(twice(" + i + "));").captured());
        }
        assertEquals(
                String.valueOf(requests * (requests - 1) / 2),
                run("get(total);").captured());
        long kept = snippets() - start;
        assertTrue(kept <= 2 + StateCompaction.STATEMENTS_KEPT, "kept " + kept + " snippets");
        assertTrue(engine.jshell().snippets().anyMatch(s -> s.kind() == Snippet.Kind.METHOD), "declarations stay");
        assertEquals("84", run("get(twice(42));").captured());
    }

    @Test
    void eachDeclarationKeepsItsOwnSourceNotAnImportOfEveryOther() {
        batchEngine();
        int declarations = 300;
        for (int i = 0; i < declarations; i++) {
            assertEquals("", run("int v" + i + " = " + i + ";").result().error());
        }
        run("int base = 1;");
        run("String show() { return \"base=\" + base; }");
        run("\nint boom(int q) {\n  int r = v1;\n  return r / q;\n}");
        jdk.jshell.SourceCodeAnalysis analysis = engine.jshell().sourceCodeAnalysis();
        long kept = engine.jshell()
                .snippets()
                .filter(engine::isUserSnippet)
                .mapToLong(sn -> analysis.wrapper(sn).wrapped().length())
                .sum();
        // one import of each live declaration is ~40 characters: a wrap that kept them would
        // make this grow with the square of the declarations
        assertTrue(kept < 1_000L * (declarations + 3), "the state's wraps keep " + kept + " characters");

        String e = run("get(boom(0));").result().error();
        assertTrue(e.contains("\tat boom (snippet #"), e);
        assertTrue(e.contains(":4)  return r / q;"), "its lines still map: " + e);
        // a declaration that compiles again gets a whole wrap: the method sees base's new type
        run("String base = \"five\";");
        Reply shown = run("get(show());");
        assertEquals("base=five", shown.captured(), shown.result().error());
        assertEquals("299", run("get(v299);").captured());
    }

    @Test
    void aStatementSeesWhatItNamesAndTheTypesOfAnyAmongManyDeclarations() {
        batchEngine();
        for (int i = 0; i < 200; i++) {
            run("int v" + i + " = " + i + ";");
        }
        run("record Point(int x, int y) {}");
        run("Point origin() { return new Point(0, 0); }");
        run("int twice(int x) { return 2 * x; }");
        run("long twice(long x) { return 3 * x; }");
        assertEquals("398", run("get(twice(v199));").captured());
        assertEquals("9", run("get(twice(3L));").captured(), "every overload of a named method");
        assertEquals("Point[x=0, y=0]", run("get(origin());").captured(), "a type the statement never names");
        Reply value = run("origin()");
        assertEquals(
                Outcome.OK,
                value.result().outcome(),
                "a value of a declared type: " + value.result().error());
        Reply typo = run("get(v200);");
        assertEquals(Outcome.COMPILE_ERROR, typo.result().outcome());
        assertTrue(
                typo.result().error().contains("cannot find symbol"),
                typo.result().error());
        run("int v200 = 200;");
        assertEquals("200", run("get(v200);").captured(), "a name declared after a statement that missed it");
    }

    @Test
    void aNameDeclaredAgainLeavesNothingOfItsOldVersionsInTheState() {
        batchEngine();
        long start = snippets();
        run("int twice(int x) { return 2 * x; }");
        run("long twice(long x) { return 2 * x; }");
        for (int i = 0; i < 50; i++) {
            run("String name = \"v" + i + "\";");
            run("int twice(int x) { return " + i + " * x; }");
        }
        assertEquals(3, snippets() - start, "the last name, and both overloads of twice");
        assertEquals("v49", run("get(name);").captured());
        assertEquals("98", run("get(twice(2));").captured());
        assertEquals("4", run("get(twice(2L));").captured(), "the overload never declared again still runs");
        run("String name = \"v49\";");
        assertEquals("v49", run("get(name);").captured(), "declared again just as it was");
    }

    /**
     * JShell and sockrepl both kept each snippet for good (its source, wraps and diagnostics), and
     * JShell the bytes of each class: a few KB per request, for a name declared again too.
     */
    @Test
    void theOldVersionsOfANameAndOldStatementsAreLetGoOf() {
        batchEngine();
        run("int half(int q) {\n  return 10 / q;\n}");
        run("int r = 0;");
        java.lang.ref.WeakReference<jdk.jshell.Snippet> firstVersion = new java.lang.ref.WeakReference<>(latest());
        run("get(r);");
        java.lang.ref.WeakReference<jdk.jshell.Snippet> firstStatement = new java.lang.ref.WeakReference<>(latest());
        for (int i = 1; i <= 3 * UnitOrigins.RECENT_REQUESTS; i++) {
            run("int r = " + i + ";");
            assertEquals(String.valueOf(i), run("get(r);").captured());
        }
        for (int i = 0; i < 20 && (firstVersion.get() != null || firstStatement.get() != null); i++) {
            System.gc();
        }
        assertEquals(null, firstVersion.get(), "the first declaration of r is collected");
        assertEquals(null, firstStatement.get(), "a statement hundreds of requests old is collected");
        String e = run("get(half(0));").result().error();
        assertTrue(e.contains(":2)  return 10 / q;"), "a declaration as old renders against its lines: " + e);
    }

    private jdk.jshell.Snippet latest() {
        return engine.jshell().snippets().reduce((a, b) -> b).orElseThrow();
    }
}
