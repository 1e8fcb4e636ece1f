package io.sockrepl.server.diagnostics;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sockrepl.core.ControlAction;
import io.sockrepl.core.RequestArgs;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JVM's threads as an operator asks for them: deadlocked threads first, then the busiest over
 * an interval (CPU time consumed in it), each with its state, the lock it waits for and who holds
 * it, the monitors it holds, and its stack to a bounded depth. It only reads: the management bean
 * this JVM has, no agent, no change. The one service behind the {@code threads} control action
 * and the console's {@code /threads}.
 *
 * <p>Virtual threads (JDK 21 on) are not listed: the JDK's thread bean sees only platform
 * threads, and a virtual thread shows as the carrier it runs on.
 */
public final class ThreadsReport {

    /** The longest interval a report waits, and the deepest stack it shows. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(60);

    static final int MAX_DEPTH = 1024;

    /**
     * What to report.
     *
     * @param interval     how long to measure CPU time over; zero for no measurement
     * @param thread       one thread by name or id, or null for all
     * @param blockedOnly  only threads blocked on a monitor or waiting for a lock
     * @param synchronizers also the {@code java.util.concurrent} locks each thread holds, and
     *                      deadlocks through them: the JVM walks its heap to find them, a pause of
     *                      the application's threads that grows with the heap, so only on request
     * @param depth        stack frames per thread
     * @param limit        threads shown at most (deadlocked ones always are)
     */
    public record Query(
            Duration interval, String thread, boolean blockedOnly, boolean synchronizers, int depth, int limit) {

        public static final Query DEFAULT = new Query(Duration.ofSeconds(1), null, false, false, 8, 10);

        /** @throws IllegalArgumentException naming the value out of range */
        public Query {
            if (interval.isNegative() || interval.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException("the interval must be 0 to " + MAX_INTERVAL.toSeconds() + " s");
            }
            if (depth < 0 || depth > MAX_DEPTH) {
                throw new IllegalArgumentException("the depth must be 0 to " + MAX_DEPTH);
            }
            if (limit < 1) {
                throw new IllegalArgumentException("the limit must be at least 1");
            }
        }

        /** The query a {@code threads} request's {@code args} name; missing keys keep {@link #DEFAULT}'s. */
        public static Query fromJson(JsonObject json) {
            RequestArgs args = RequestArgs.of(
                    ControlAction.THREADS,
                    json,
                    Set.of("interval_ms", "thread", "blocked", "synchronizers", "depth", "limit"));
            return new Query(
                    Duration.ofMillis(args.number("interval_ms", DEFAULT.interval.toMillis())),
                    args.has("thread") ? args.string("thread", null) : null,
                    args.bool("blocked", false),
                    args.bool("synchronizers", false),
                    saturated(args.number("depth", DEFAULT.depth)),
                    saturated(args.number("limit", DEFAULT.limit)));
        }

        /** An int for a range check to refuse: a long beyond int's range stays beyond the range. */
        private static int saturated(long n) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
        }
    }

    /** One thread as reported. */
    public record Line(
            long id,
            String name,
            String state,
            boolean daemon,
            boolean deadlocked,
            long cpuNanosInInterval,
            long cpuNanosTotal,
            String waitingFor,
            String heldBy,
            List<String> holds,
            List<String> stack) {}

    /**
     * @param lines       deadlocked threads first, then by CPU time in the interval, then by id
     * @param deadlocked  the ids of deadlocked threads
     * @param threads     live platform threads at the end of the interval
     */
    public record Report(
            Duration interval,
            List<Line> lines,
            List<Long> deadlocked,
            int threads,
            boolean cpuTimed,
            boolean synchronizers) {}

    private ThreadsReport() {}

    /**
     * Measures and reports; waits for the query's interval.
     *
     * @throws IllegalArgumentException when the query names a thread that does not exist
     * @throws InterruptedException when the wait is interrupted
     */
    public static Report take(Query query) throws InterruptedException {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        boolean cpuTimed = bean.isThreadCpuTimeSupported() && bean.isThreadCpuTimeEnabled();
        Map<Long, Long> before = cpuTimed && !query.interval().isZero() ? cpuTimes(bean) : Map.of();
        if (!query.interval().isZero()) {
            Thread.sleep(query.interval().toMillis());
        }
        Map<Long, Long> after = cpuTimed ? cpuTimes(bean) : Map.of();
        boolean synchronizers = query.synchronizers() && bean.isSynchronizerUsageSupported();
        long[] found = synchronizers ? bean.findDeadlockedThreads() : bean.findMonitorDeadlockedThreads();
        List<Long> deadlocked = found == null
                ? List.of()
                : Arrays.stream(found).boxed().sorted().toList();
        ThreadInfo[] infos = bean.getThreadInfo(
                bean.getAllThreadIds(), bean.isObjectMonitorUsageSupported(), synchronizers, query.depth());
        List<Line> lines = new ArrayList<>();
        for (ThreadInfo info : infos) {
            if (info == null || !matches(info, query)) {
                continue;
            }
            long id = info.getThreadId();
            long total = after.getOrDefault(id, -1L);
            long inInterval = total < 0 || !before.containsKey(id) ? Math.max(total, 0) : total - before.get(id);
            lines.add(line(info, deadlocked.contains(id), before.isEmpty() ? -1 : inInterval, total));
        }
        if (query.thread() != null && lines.isEmpty()) {
            throw new IllegalArgumentException("no thread named or numbered '" + query.thread() + "'");
        }
        lines.sort(Comparator.comparing((Line l) -> !l.deadlocked())
                .thenComparing(
                        Comparator.comparingLong(Line::cpuNanosInInterval).reversed())
                .thenComparingLong(Line::id));
        int shown = (int)
                Math.max(query.limit(), lines.stream().filter(Line::deadlocked).count());
        return new Report(
                query.interval(),
                List.copyOf(lines.subList(0, Math.min(shown, lines.size()))),
                deadlocked,
                infos.length,
                cpuTimed,
                synchronizers);
    }

    private static boolean matches(ThreadInfo info, Query query) {
        if (query.thread() != null
                && !query.thread().equals(info.getThreadName())
                && !query.thread().equals(String.valueOf(info.getThreadId()))) {
            return false;
        }
        return !query.blockedOnly()
                || info.getThreadState() == Thread.State.BLOCKED
                || info.getLockInfo() != null && info.getLockOwnerId() >= 0;
    }

    private static Map<Long, Long> cpuTimes(ThreadMXBean bean) {
        Map<Long, Long> times = new HashMap<>();
        for (long id : bean.getAllThreadIds()) {
            long t = bean.getThreadCpuTime(id);
            if (t >= 0) {
                times.put(id, t);
            }
        }
        return times;
    }

    private static Line line(ThreadInfo info, boolean deadlocked, long inInterval, long total) {
        LockInfo lock = info.getLockInfo();
        String heldBy =
                info.getLockOwnerName() == null ? null : info.getLockOwnerName() + " (" + info.getLockOwnerId() + ")";
        Set<String> holds = new LinkedHashSet<>();
        for (MonitorInfo m : info.getLockedMonitors()) {
            holds.add(describe(m));
        }
        for (LockInfo s : info.getLockedSynchronizers()) {
            holds.add(describe(s));
        }
        List<String> stack = new ArrayList<>();
        for (StackTraceElement e : info.getStackTrace()) {
            stack.add(e.toString());
        }
        return new Line(
                info.getThreadId(),
                info.getThreadName(),
                info.getThreadState().name(),
                info.isDaemon(),
                deadlocked,
                inInterval,
                total,
                lock == null ? null : describe(lock),
                heldBy,
                List.copyOf(holds),
                List.copyOf(stack));
    }

    private static String describe(LockInfo lock) {
        return lock.getClassName() + "@" + Integer.toHexString(lock.getIdentityHashCode());
    }

    /** The report as a {@code threads} reply carries it. */
    public static JsonObject toJson(Report report) {
        JsonObject o = new JsonObject();
        o.addProperty("interval_ms", report.interval().toMillis());
        o.addProperty("threads", report.threads());
        o.addProperty("cpu_timed", report.cpuTimed());
        o.addProperty("synchronizers", report.synchronizers());
        JsonArray deadlocked = new JsonArray();
        report.deadlocked().forEach(deadlocked::add);
        o.add("deadlocked", deadlocked);
        JsonArray lines = new JsonArray();
        for (Line l : report.lines()) {
            JsonObject t = new JsonObject();
            t.addProperty("id", l.id());
            t.addProperty("name", l.name());
            t.addProperty("state", l.state());
            t.addProperty("daemon", l.daemon());
            t.addProperty("deadlocked", l.deadlocked());
            if (l.cpuNanosInInterval() >= 0) {
                t.addProperty("cpu_ms_in_interval", l.cpuNanosInInterval() / 1_000_000.0);
            }
            if (l.cpuNanosTotal() >= 0) {
                t.addProperty("cpu_ms", l.cpuNanosTotal() / 1_000_000.0);
            }
            if (l.waitingFor() != null) {
                t.addProperty("waiting_for", l.waitingFor());
            }
            if (l.heldBy() != null) {
                t.addProperty("held_by", l.heldBy());
            }
            JsonArray holds = new JsonArray();
            l.holds().forEach(holds::add);
            t.add("holds", holds);
            JsonArray stack = new JsonArray();
            l.stack().forEach(stack::add);
            t.add("stack", stack);
            lines.add(t);
        }
        o.add("lines", lines);
        return o;
    }
}
