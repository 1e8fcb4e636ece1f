package io.sockrepl.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockrepl.core.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EngineTest {

    private static Engine engine;

    @BeforeAll
    static void start() {
        OutputRouter.install();
        engine = Engine.create(EngineTest.class.getClassLoader(), System.getProperty("java.class.path"));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Object[] run(String source) {
        Capture capture = new Capture(io.sockrepl.server.ServerConfig.DEFAULT_MAX_REPLY_BYTES);
        EvalResult r = engine.eval(source, capture, new Interruption());
        return new Object[] {r, capture.captured(), capture.stdout(StandardCharsets.UTF_8)};
    }

    @Test
    void getConcatenatesAcrossStatementsAndStatePersists() {
        run("int a = 5;");
        Object[] r = run("get(a * 3);\nget(\"x\");\nget(null)");
        assertEquals(Outcome.OK, ((EvalResult) r[0]).outcome());
        assertEquals("15xnull", r[1]);
    }

    @Test
    void exceptionFramesPointAtTheRequestsLines() {
        run("\nint k(int q) {\n  int r = 5;\n  return 10 / q;\n}");
        Object[] r = run("int u = 1;\n\nk(0);");
        EvalResult result = (EvalResult) r[0];
        assertEquals(Outcome.EXCEPTION, result.outcome());
        String e = result.error();
        assertTrue(e.startsWith("java.lang.ArithmeticException: / by zero\n"), e);
        assertTrue(e.contains("\tat k (snippet #"), e);
        assertTrue(e.contains(":4)  return 10 / q;"), e);
        assertTrue(e.contains("\tat (snippet:3)  k(0);"), e);
        assertTrue(!e.contains("jdk.internal.reflect") && !e.contains("jdk.jshell"), e);
    }

    @Test
    void compileErrorsRenderLikeJavac() {
        EvalResult r = (EvalResult) run("int ok = 1;\n\n  int z = \"s\";")[0];
        assertEquals(Outcome.COMPILE_ERROR, r.outcome());
        assertEquals(
                "snippet:3:11: error: incompatible types: java.lang.String cannot be converted to int\n"
                        + "  int z = \"s\";\n          ^\n",
                r.error());
    }

    @Test
    void unresolvedSymbolIsACompileError() {
        EvalResult r = (EvalResult) run("get(1);\nget(nosuch);")[0];
        assertEquals(Outcome.COMPILE_ERROR, r.outcome());
        assertTrue(r.error().startsWith("snippet:2:5: error: cannot find symbol"), r.error());
    }

    @Test
    void snippetOutputIsCapturedNotPrinted() {
        Object[] r = run("System.out.println(\"hello\"); get(2);");
        assertEquals("hello\n", r[2]);
        assertEquals("2", r[1]);
    }

    @Test
    void helpfulNullPointerMessagesLoseWrapperNames() {
        EvalResult r = (EvalResult) run("String s = null;\ns.length();")[0];
        assertTrue(r.error().contains("because \"s\" is null"), r.error());
    }
}
