package io.sockrepl.server.host;

import io.sockrepl.server.eval.Binding;
import io.sockrepl.server.eval.Heap;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The running Spring application context, found on the heap, so that a snippet in a Spring
 * application can write {@code bean(OwnerRepository.class)} without any binding set up by the
 * application. sockrepl does not compile against Spring: everything here goes through reflection.
 */
final class SpringContexts {

    static final String INTERFACE = "org.springframework.context.ApplicationContext";

    /** What a state gets when Spring runs: the context as {@code spring}, and two helpers. */
    static final List<String> HELPERS = List.of(
            "<T> T bean(Class<T> type) { return spring.getBean(type); }",
            "Object bean(String name) { return spring.getBean(name); }");

    private SpringContexts() {}

    /**
     * The root context with the most beans among the active ones {@code loader} can see, bound as
     * {@code spring}; empty when the loader has no Spring or no context is running.
     */
    static Optional<Binding> find(ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(INTERFACE, false, loader);
        } catch (ClassNotFoundException | LinkageError noSpring) {
            return Optional.empty();
        }
        List<?> contexts;
        try {
            contexts = Heap.instances(type, 64);
        } catch (RuntimeException | LinkageError noHeapAccess) {
            return Optional.empty();
        }
        return contexts.stream()
                .filter(SpringContexts::isActive)
                .max(Comparator.comparing((Object c) -> call(c, "getParent") == null)
                        .thenComparing(c -> call(c, "getBeanDefinitionCount") instanceof Integer n ? n : 0))
                .map(c -> new Binding("spring", type, c));
    }

    private static boolean isActive(Object context) {
        return !Boolean.FALSE.equals(call(context, "isActive"));
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
