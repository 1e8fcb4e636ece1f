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

    /**
     * JDK 17's local engine made the JVM's default uncaught-exception handler its own on every run
     * (an application thread that died of an exception then died silently), and left a thread
     * group behind in the caller's group each time.
     */
    @Test
    void aSnippetLeavesTheHostsDefaultHandlerAndThreadGroupsAsTheyWere() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.UncaughtExceptionHandler host = (thread, e) -> {};
        Thread.setDefaultUncaughtExceptionHandler(host);
        try {
            ThreadGroup callers = Thread.currentThread().getThreadGroup();
            int groups = jshellGroups(callers);
            for (int i = 0; i < 20; i++) {
                // a new snippet each time: each runs in a thread and a group JShell makes for it
                Object[] r = run("get(" + i + " + \" \" + Thread.getDefaultUncaughtExceptionHandler());");
                assertEquals(i + " " + host, r[1], "the handler a snippet sees while it runs");
            }
            assertEquals(host, Thread.getDefaultUncaughtExceptionHandler(), "the handler after");
            assertTrue(
                    jshellGroups(callers) <= groups,
                    jshellGroups(callers) + " of JShell's groups, " + groups + " before");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    /** The groups JShell's local engine made under {@code parent} that are still there. */
    private static int jshellGroups(ThreadGroup parent) {
        // from JDK 19 on a group holds its subgroups weakly: those gone are gone after a collection
        System.gc();
        ThreadGroup[] groups = new ThreadGroup[parent.activeGroupCount() + 16];
        int n = parent.enumerate(groups, false);
        int made = 0;
        for (int i = 0; i < n; i++) {
            if (groups[i].getName().startsWith("JShell")) {
                made++;
            }
        }
        return made;
    }
}
