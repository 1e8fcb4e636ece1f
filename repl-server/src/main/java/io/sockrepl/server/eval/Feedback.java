package io.sockrepl.server.eval;

import java.util.Optional;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

/** What jshell says after a unit: {@code $1 ==> 42}, {@code |  created method f()}. */
final class Feedback {

    private Feedback() {}

    static Optional<String> describe(Snippet snippet, SnippetEvent event) {
        if (snippet instanceof VarSnippet v) {
            return Optional.of(v.name() + " ==> " + event.value());
        }
        if (snippet instanceof ExpressionSnippet e) {
            return Optional.of(e.name() + " ==> " + event.value());
        }
        if (snippet.kind() == Snippet.Kind.STATEMENT || snippet.kind() == Snippet.Kind.IMPORT) {
            return Optional.empty();
        }
        return Optional.of(declared(snippet, event));
    }

    static String declared(Snippet snippet, SnippetEvent event) {
        String verb = event.previousStatus() == Snippet.Status.NONEXISTENT ? "created" : "modified";
        return "|  " + verb + " " + nameOf(snippet);
    }

    static String nameOf(Snippet snippet) {
        if (snippet instanceof MethodSnippet m) {
            return "method " + m.name() + "(" + m.parameterTypes() + ")";
        }
        if (snippet instanceof TypeDeclSnippet t) {
            return kindOf(t) + " " + t.name();
        }
        if (snippet instanceof VarSnippet v) {
            return "variable " + v.name();
        }
        if (snippet instanceof DeclarationSnippet d) {
            return d.name();
        }
        return snippet.source().strip();
    }

    private static String kindOf(TypeDeclSnippet t) {
        return switch (t.subKind()) {
            case INTERFACE_SUBKIND -> "interface";
            case ENUM_SUBKIND -> "enum";
            case ANNOTATION_TYPE_SUBKIND -> "annotation interface";
            default -> t.subKind().name().startsWith("RECORD") ? "record" : "class";
        };
    }
}
