package io.golib.runtime.sched;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plain Java threads (not carriers) that use golib, for deciding a deadlock honestly: a
 * goroutine waiting for a channel that a plain thread will send on is not deadlocked. Go has no
 * such threads.
 *
 * <p>{@link #mayAct()} answers "could some thread outside the scheduler still wake a
 * goroutine?". A thread counts when it is alive, not a carrier or sysmon, not waiting inside
 * golib right now ({@link #beginWait}: a {@code Go.run} caller, a thread blocked on a channel or
 * lock), and either has used golib before ({@link #touch}), or is running (RUNNABLE or BLOCKED
 * on a monitor, or not started yet), or is in {@code Thread.sleep} (it wakes by itself: a thread
 * that sleeps, then sends). A daemon thread counts only if goroutine code started it: it was
 * made on a carrier, so it is in the carriers' thread group ({@link #CARRIERS}) and daemon only
 * because threads inherit their creator's daemon flag; other daemons (the JVM's, a test runner's)
 * are not ours to wait for. Not counted, so that a deadlock is still reported beside them: a
 * thread that has never used golib and waits for something else (a test runner's watcher in
 * {@code Future.get}, an idle pool thread). The blind spot left: such a waiting thread that will
 * later be woken from outside and then use a channel; the report then comes early. Any thread
 * may call every method.
 */
public final class ForeignThreads {
    private ForeignThreads() {}

    /**
     * Plain threads that have waited inside golib, mapped to whether they wait now. A thread's
     * entry is flipped, not added and removed, so a wait allocates nothing after the thread's
     * first; entries of dead threads are dropped by {@link #mayAct()}.
     */
    private static final ConcurrentHashMap<Thread, Boolean> WAITING = new ConcurrentHashMap<>();
    private static final Map<Thread, Boolean> TOUCHED =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The thread group of the carriers, and so of every thread goroutine code starts (a new
     * thread joins its creator's group unless told otherwise). Never destroyed (not a daemon
     * group); strongly held here.
     */
    static final ThreadGroup CARRIERS = new ThreadGroup("golib");

    /** The calling plain thread uses golib (made a channel parker, spawned a goroutine...). */
    public static void touch() {
        Thread t = Thread.currentThread();
        if (!(t instanceof M)) {
            TOUCHED.put(t, Boolean.TRUE);
        }
    }

    /**
     * The calling plain thread is about to wait inside golib. Call it before the thread becomes
     * wakeable (before it releases the lock its waker takes), so no check sees it neither
     * waiting nor running. Pair with {@link #endWait}.
     */
    public static void beginWait() {
        WAITING.put(Thread.currentThread(), Boolean.TRUE);
    }

    /**
     * {@code t} stops waiting inside golib. Its waker calls it <em>before</em> signalling it (so
     * the thread cannot already be in its next wait, whose registration this would erase), and
     * the thread itself after it wakes (idempotent).
     */
    public static void endWait(Thread t) {
        WAITING.replace(t, Boolean.TRUE, Boolean.FALSE);
    }

    /** Whether a thread outside the scheduler may still act (see the class comment). */
    static boolean mayAct() {
        WAITING.keySet().removeIf(t -> !t.isAlive());
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t instanceof M || t instanceof Sysmon || !t.isAlive()
                    || (t.isDaemon() && t.getThreadGroup() != CARRIERS)
                    || WAITING.getOrDefault(t, Boolean.FALSE)
                    || t.getName().equals("DestroyJavaVM")) {
                continue;
            }
            Thread.State s = t.getState();
            if (s == Thread.State.RUNNABLE || s == Thread.State.BLOCKED
                    || s == Thread.State.NEW || TOUCHED.containsKey(t)
                    || (s == Thread.State.TIMED_WAITING && sleeping(t))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} is in {@code Thread.sleep} (or TimeUnit's, which calls it). Rare: only
     *  for a timed-waiting thread that never used golib, when a deadlock is suspected. */
    private static boolean sleeping(Thread t) {
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(4, frames.length); i++) {
            if (frames[i].getClassName().equals("java.lang.Thread")
                    && frames[i].getMethodName().startsWith("sleep")) {
                return true;
            }
        }
        return false;
    }
}
