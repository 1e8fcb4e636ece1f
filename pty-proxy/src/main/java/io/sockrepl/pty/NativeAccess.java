package io.sockrepl.pty;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * What JNA holds for the pseudo-terminals of this class loader. JNA's cleaner thread lives for as
 * long as a native library or a block of native memory is registered with it, and keeps its class
 * loader with it: a server injected into a JVM that goes on cannot be collected after it stops
 * until they are released.
 */
public final class NativeAccess {

    private NativeAccess() {}

    /**
     * Closes the native libraries and frees the native memory of this loader's JNA, whose cleaner
     * thread then ends within half a minute. Only for a loader that runs no terminal any more and
     * whose JNA no one else uses (an injected server's own loader); a no-op where no terminal was
     * ever opened.
     */
    public static void release() {
        if (!PtySocketProxy.everOpened) {
            return;
        }
        // JNA's own teardown: callbacks, memory, libraries and the direct-mapped classes pty4j
        // registers. It is not public; it also marks JNA unloaded in a system property, which
        // this JVM's other copies of JNA (the application's) share, so that is put back.
        String loaded = System.getProperty("jna.loaded");
        try {
            disposeLibrariesOfInterfaces();
            java.lang.reflect.Method dispose = Native.class.getDeclaredMethod("dispose");
            dispose.setAccessible(true);
            dispose.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another JNA version: its libraries stay open, and the loader with them
        } finally {
            if (loaded == null) {
                System.clearProperty("jna.loaded");
            } else {
                System.setProperty("jna.loaded", loaded);
            }
        }
    }

    /**
     * Each library interface (ours, pty4j's) holds a library of its own, which JNA no longer lists
     * once another load of the same name replaced it; disposing each is idempotent, and each closes
     * the handle its own load opened.
     */
    private static void disposeLibrariesOfInterfaces() throws ReflectiveOperationException {
        java.lang.reflect.Field field = Native.class.getDeclaredField("libraries");
        field.setAccessible(true);
        java.util.Map<?, ?> libraries;
        synchronized (field.get(null)) {
            libraries = new java.util.HashMap<>((java.util.Map<?, ?>) field.get(null));
        }
        for (Object ref : libraries.values()) {
            Object library = ref instanceof java.lang.ref.Reference<?> r ? r.get() : null;
            if (library != null
                    && java.lang.reflect.Proxy.isProxyClass(library.getClass())
                    && java.lang.reflect.Proxy.getInvocationHandler(library) instanceof Library.Handler h) {
                h.getNativeLibrary().dispose();
            }
        }
    }
}
