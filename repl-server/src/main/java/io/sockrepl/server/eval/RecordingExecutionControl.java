package io.sockrepl.server.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl.StoppedException;

/**
 * The local execution engine, keeping the throwable a snippet raised as it was. JShell hands back
 * only a translated copy whose snippet line numbers are wrong in local mode (always 1), so the
 * engine renders errors from this original instead.
 *
 * <p>It also undoes what JDK 17's engine does to the host on every run: it makes the JVM's
 * default uncaught-exception handler its own (from then on an application thread that dies of an
 * exception dies silently), and it makes a thread group that its parent, the calling thread's
 * group, keeps for good. Each statement runs through {@link #runStatement}, which the thread JShell
 * starts for it calls first: it gives the default handler back to the host, keeps JShell's for
 * that thread alone, and makes the group one that goes when its last thread ends.
 */
final class RecordingExecutionControl extends LocalExecutionControl {

    /** JDK 17 and 18 keep a thread group in its parent's list until it is destroyed; later ones let it go. */
    private static final boolean GROUPS_KEPT = Runtime.version().feature() < 19;

    private static final Method RUN_STATEMENT;

    static {
        try {
            RUN_STATEMENT = RecordingExecutionControl.class.getDeclaredMethod("runStatement");
            RUN_STATEMENT.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The statement the thread JShell starts next runs, and the host's handler; that thread inherits it. */
    private static final InheritableThreadLocal<Run> RUN = new InheritableThreadLocal<>();

    /** The host's default uncaught-exception handler as last seen, never JShell's (null: none). */
    private static volatile Thread.UncaughtExceptionHandler hostHandler;

    private record Run(Method statement, Thread.UncaughtExceptionHandler hostHandler) {}

    private volatile Throwable lastFailure;
    private volatile boolean stopped;

    RecordingExecutionControl(LoaderDelegate delegate) {
        super(delegate);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastFailure = null;
        Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
        if (!isJShells(current)) {
            hostHandler = current;
        }
        RUN.set(new Run(doitMethod, hostHandler));
        try {
            return super.invoke(RUN_STATEMENT);
        } catch (InvocationTargetException e) {
            lastFailure = e.getCause();
            throw e;
        } catch (StoppedException e) {
            // JShell's engine takes any ThreadDeath for its own stop; the engine tells them apart
            stopped = true;
            throw e;
        } finally {
            RUN.remove();
            if (isJShells(Thread.getDefaultUncaughtExceptionHandler())) {
                Thread.setDefaultUncaughtExceptionHandler(hostHandler);
            }
        }
    }

    /** Runs first on the thread JShell starts for a statement (see the class comment), then the statement. */
    @SuppressWarnings({"removal", "unused"})
    private static Object runStatement() throws Throwable {
        Run run = RUN.get();
        // threads the statement starts inherit nothing of it
        RUN.remove();
        Thread.UncaughtExceptionHandler installed = Thread.getDefaultUncaughtExceptionHandler();
        if (isJShells(installed)) {
            Thread.currentThread().setUncaughtExceptionHandler(installed);
            Thread.setDefaultUncaughtExceptionHandler(run.hostHandler());
        }
        if (GROUPS_KEPT) {
            Thread.currentThread().getThreadGroup().setDaemon(true);
        }
        try {
            return run.statement().invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean isJShells(Thread.UncaughtExceptionHandler handler) {
        return handler != null && handler.getClass().getModule() == LocalExecutionControl.class.getModule();
    }

    /** Whether the last invocation ended as stopped, by a stop or by a ThreadDeath of its own; cleared when read. */
    boolean takeStopped() {
        boolean s = stopped;
        stopped = false;
        return s;
    }

    /** The throwable of the last invocation, if it failed; cleared when read. */
    Throwable takeLastFailure() {
        Throwable t = lastFailure;
        lastFailure = null;
        return t;
    }
}
