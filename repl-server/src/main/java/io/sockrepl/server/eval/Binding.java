package io.sockrepl.server.eval;

import java.lang.reflect.Modifier;
import java.util.Objects;
import javax.lang.model.SourceVersion;

/**
 * A live object that snippets see as a typed variable: {@code orders} of type
 * {@code OrderService}, so that {@code orders.pending().size()} needs no cast.
 *
 * @param name  the variable's name; a Java identifier
 * @param type  the declared type; public, and visible to the snippet compiler
 * @param value the object
 */
public record Binding(String name, Class<?> type, Object value) {

    public Binding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            throw new IllegalArgumentException("not a Java identifier: " + name);
        }
        if (!Modifier.isPublic(type.getModifiers()) || type.isAnonymousClass() || type.isLocalClass()) {
            throw new IllegalArgumentException("the type of binding '" + name + "' must be public: " + type.getName());
        }
        if (value != null && !type.isInstance(value) && !type.isPrimitive()) {
            throw new IllegalArgumentException("binding '" + name + "' is not a " + type.getName());
        }
    }

    /** A binding typed as the value's own class. */
    public static Binding of(String name, Object value) {
        return new Binding(name, value.getClass(), value);
    }

    /** The declaration that makes the binding a variable in a JShell state. */
    String declaration(String key) {
        String typeName = type.getCanonicalName();
        return typeName + " " + name + " = (" + typeName + ") " + BindingRegistry.class.getName() + ".lookup(\"" + key
                + "\");";
    }
}
