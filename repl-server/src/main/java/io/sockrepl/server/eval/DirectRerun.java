package io.sockrepl.server.eval;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.spi.ExecutionControl.StoppedException;

/**
 * Runs a statement's loaded class again on the calling thread, for a request sent again unchanged.
 * JShell's local engine starts a thread and a thread group for every run: 0.25 ms on a small VM,
 * more than the rest of such a request. A direct run is stopped the way JShell stops its own:
 *
 * <ul>
 *   <li>where JShell weaves stop checks into snippet code (JDK 20 and later, which load its
 *       {@value #CANCEL_CLASS} class with the first statement), by raising their flag;
 *   <li>where JShell stops its thread (JDK 17 to 19), by stopping the calling thread. One stop at
 *       a time is sent, only while the statement runs, and one that has not landed when the
 *       statement returns is taken before the run ends, so none reaches the caller's own code. A
 *       statement that catches the stop and carries on is not stopped again on these JDKs, and
 *       threads it started run on (JShell's own run would stop its thread group).
 * </ul>
 *
 * <p>Where neither applies (a JDK whose JShell works otherwise), {@link #available()} says so and
 * reruns go through JShell's engine as before.
 */
final class DirectRerun {

    private static final String CANCEL_CLASS = "REPL.$Cancel$";
    private static final boolean THREAD_STOP_WORKS = Runtime.version().feature() < 20;
    /** A pending stop lands at the thread's next call into the VM; these give it several. */
    private static final int LANDING_CHANCES = 3;

    private final HostLoaderDelegate classes;
    private Field cancelFlag;
    /** The thread running a statement now; guarded by this. */
    private Thread runner;
    /** Whether a stop was sent to the runner that it has not been seen to take; guarded by this. */
    private boolean stopSent;
    /** Whether {@link #stop()} acted on this run: only then is a {@link ThreadDeath} a stop; guarded by this. */
    private boolean stopAsked;

    DirectRerun(HostLoaderDelegate classes) {
        this.classes = classes;
    }

    /**
     * Whether statements can be run directly and still be stopped; if not, reruns go through
     * JShell's engine. Asked after the first statement has run through JShell.
     */
    boolean available() {
        if (cancelFlag == null && !THREAD_STOP_WORKS) {
            try {
                cancelFlag = classes.findClass(CANCEL_CLASS).getField("allStop");
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the static no-argument method {@code method} of the loaded class {@code className}.
     *
     * @return what the statement threw, or null if it returned
     * @throws StoppedException when {@link #stop()} ended it
     */
    Throwable run(String className, String method) throws StoppedException, ReflectiveOperationException {
        Method statement = classes.findClass(className).getDeclaredMethod(method);
        statement.setAccessible(true);
        synchronized (this) {
            if (cancelFlag != null) {
                cancelFlag.setBoolean(null, false);
            }
            runner = Thread.currentThread();
            stopSent = false;
            stopAsked = false;
        }
        Throwable thrown = null;
        boolean stopped;
        try {
            thrown = invoke(statement);
            // a snippet's own `throw new ThreadDeath()` is its exception, not a stop
            stopped = thrown instanceof ThreadDeath && stopAsked();
            release(stopped);
        } catch (ThreadDeath arrivedAfterTheStatement) {
            stopped = true;
            synchronized (this) {
                runner = null;
            }
        }
        // a stop interrupts too, and the caller's thread must not keep that
        Thread.interrupted();
        if (stopped) {
            throw new StoppedException();
        }
        return thrown;
    }

    private static Throwable invoke(Method statement) throws IllegalAccessException {
        try {
            statement.invoke(null);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    /**
     * Ends the run: no stop is sent after this, and one sent but not yet taken lands here, thrown
     * to {@link #run}.
     *
     * @param taken whether the statement was seen to take a stop
     */
    private void release(boolean taken) {
        boolean pending;
        synchronized (this) {
            runner = null;
            pending = stopSent && !taken;
        }
        if (pending) {
            // sent and not seen: it waits to land, or the statement caught it and carried on
            for (int i = 0; i < LANDING_CHANCES; i++) {
                Thread.yield();
            }
        }
    }

    private synchronized boolean stopAsked() {
        return stopAsked;
    }

    /** Stops the statement running now, if any; callable from any thread. */
    @SuppressWarnings("removal")
    synchronized void stop() {
        if (runner == null) {
            return;
        }
        stopAsked = true;
        if (cancelFlag != null) {
            try {
                cancelFlag.setBoolean(null, true);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot raise JShell's stop flag", e);
            }
            runner.interrupt();
        } else if (THREAD_STOP_WORKS && !stopSent) {
            stopSent = true;
            runner.stop();
        }
    }
}
