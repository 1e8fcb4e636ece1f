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
 */
final class RecordingExecutionControl extends LocalExecutionControl {

    private volatile Throwable lastFailure;
    private volatile boolean stopped;

    RecordingExecutionControl(LoaderDelegate delegate) {
        super(delegate);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastFailure = null;
        try {
            return super.invoke(doitMethod);
        } catch (InvocationTargetException e) {
            lastFailure = e.getCause();
            throw e;
        } catch (StoppedException e) {
            // JShell's engine takes any ThreadDeath for its own stop; the engine tells them apart
            stopped = true;
            throw e;
        }
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
