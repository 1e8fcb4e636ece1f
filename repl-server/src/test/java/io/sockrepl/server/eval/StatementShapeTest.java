package io.sockrepl.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementShapeTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "get(v1);",
                "System.out.println(x);",
                " /* c */ java.util.List.of(1)",
                "x = 5;",
                "x.y += 2;",
                "n++;",
                "a.b.c",
                "x == 1",
                "new Foo().bar();",
                "if (x) { y(); }",
                "for (int i = 0; i < 3; i++) get(i);",
                "{ int local = 1; get(local); }",
                "(x + 1)",
                "\"s\".length()",
                "42",
                "-x",
                "this.x = 1;"
            })
    void statementsAndExpressions(String unit) {
        assertEquals(true, StatementShape.isStatementLike(unit), unit);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "int v = 1;",
                "var v = 1;",
                "Foo x = new Foo();",
                "java.util.List<String> l = null;",
                "List<String> l = null;",
                "Foo[] a = null;",
                "Foo /* c */ x = null;",
                "void f() { }",
                "<T> T id(T t) { return t; }",
                "@Deprecated int d = 1;",
                "static int s = 1;",
                "synchronized void m() { }",
                "class C { }",
                "record R(int x) { }",
                "enum E { A }",
                "non-sealed class N extends S { }",
                "import java.util.*;",
                "outer: for (;;) break outer;",
                "",
                "  // only a comment"
            })
    void declarationsAndAnythingUnsure(String unit) {
        assertEquals(false, StatementShape.isStatementLike(unit), unit);
    }

    @org.junit.jupiter.api.Test
    void namesAreEveryWordAndNoneWhereAnEscapeCouldSpellOne() {
        assertEquals(Set.of("get", "v1", "x", "s"), StatementShape.names("get(v1 + x.s + 3);"));
        assertNull(StatementShape.names("get(v\\u0031);"));
    }
}
