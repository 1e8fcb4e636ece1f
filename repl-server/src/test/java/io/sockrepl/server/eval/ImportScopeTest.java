package io.sockrepl.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scope really narrows what a statement compiles against (this module opens jdk.jshell to it). */
class ImportScopeTest {

    private JShell jshell;
    private ImportScope scope;

    @BeforeEach
    void start() {
        jshell = JShell.builder().executionEngine("local").build();
        scope = ImportScope.install(jshell);
        assertNotNull(scope, "JShell's internals are open to this test");
        jshell.eval("int a = 1;");
        jshell.eval("int b = 2;");
        jshell.eval("record P(int x) {}");
        jshell.eval("P p() { return new P(3); }");
    }

    @AfterEach
    void close() {
        jshell.close();
    }

    private Snippet.Status statusOf(Set<String> names, String statement) {
        List<SnippetEvent> events = scope.narrowedTo(names, () -> jshell.eval(statement));
        return events.get(0).status();
    }

    @Test
    void aStatementSeesTheVariablesAndMethodsItNamesAndEveryType() {
        assertEquals(Snippet.Status.VALID, statusOf(Set.of("a", "b"), "a + b"));
        assertEquals(Snippet.Status.REJECTED, statusOf(Set.of("a"), "a + b"), "b was left out");
        assertEquals(Snippet.Status.VALID, statusOf(Set.of("p"), "p().x()"), "P is a type: always there");
        assertEquals(Snippet.Status.REJECTED, statusOf(Set.of(), "p()"));
    }

    @Test
    void outsideAScopeEverythingIsImported() {
        assertEquals(Snippet.Status.VALID, jshell.eval("a + b + p().x()").get(0).status());
        assertEquals(Snippet.Status.VALID, jshell.eval("int c = a + b;").get(0).status());
    }
}
