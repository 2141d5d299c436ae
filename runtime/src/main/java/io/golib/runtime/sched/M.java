package io.golib.runtime.sched;

import io.golib.runtime.stack.Carrier;
import java.util.concurrent.locks.LockSupport;

/**
 * A machine: a carrier thread that runs goroutines while it holds a {@link P}. Port of
 * go1.22 runtime/runtime2.go: m, with Go's one-shot {@code note} for sleeping and waking.
 */
final class M extends Carrier {
    /** Reserved Java stack of a carrier: goroutine code runs on it (deep recursion). */
    static final long STACK_SIZE = Long.getLong("golib.carrierStack", 64L << 20);

    final long id;
    /** The P held, or null. This M only. */
    P p;
    /** The P to acquire on wake-up (startm hands it over). Written before notewakeup. */
    volatile P nextp;
    /** findRunnable's earliest timer deadline, lowered by stealWork. Owner: this M. (A field,
     *  not a one-element array: the search for work runs often and must not allocate.) */
    long stealPollUntil;
    /** Where this M's netpoll calls collect readied goroutines (reused). This M only. */
    final GList netpollReady = new GList();
    /** The P held before a system call, for the fast exit path. This M only. */
    P oldp;
    /** Looking for work (counted in sched.nmspinning). This M only. */
    boolean spinning;
    /**
     * The goroutine running, or null. Written by this M around each run; read by this M and,
     * racily, by sysmon (a stale read preempts a goroutine that already moved on, which then
     * yields once at its next back-edge: harmless, and Go's m.curg is just as plain).
     */
    G curg;
    /**
     * Go's m.waitunlockf and m.waitlock: what gopark's caller asked to be unlocked once its
     * goroutine's frames are saved (or, when pinned, before the carrier blocks), so no waker
     * sees it half-parked. Set by the goroutine running here, consumed by this M right after.
     */
    G.Unlocker waitunlockf;
    Object waitlock;

    /**
     * park_m's commit: runs and clears gopark's unlock function for {@code gp}, now parked.
     * Returns false if it cancelled the park (the goroutine must run again at once); true if
     * the park stands, also when there was nothing to unlock. This M only.
     */
    boolean runWaitUnlock(G gp) {
        G.Unlocker fn = waitunlockf;
        Object arg = waitlock;
        waitunlockf = null;
        waitlock = null;
        return fn == null || fn.unlock(gp, arg);
    }
    /** Link in the idle-M list; guarded by the scheduler lock. */
    M link;
    /** Go's m.park note. */
    private volatile boolean wakeup;

    /** The scheduler this M belongs to. Immutable. */
    final Sched sched;
    /** The goroutines this M created (Go's allgs, sharded). Appended by this M only. */
    final AllGs.Shard allgs;

    M(long id, Sched sched, AllGs.Shard allgs) {
        super(ForeignThreads.CARRIERS, null, "golib-m" + id, STACK_SIZE);
        this.id = id;
        this.sched = sched;
        this.allgs = allgs;
        setDaemon(true);
    }

    /**
     * The M's life: schedule goroutines forever (Go's mstart). It ends only by an internal error
     * (a broken invariant, or a gopark unlock function that threw): Go would crash the process
     * there; golib stops the scheduler instead, so that no {@code Go.run} waits for ever.
     */
    @Override
    public void run() {
        try {
            sched.mstart(this);
        } catch (Throwable t) {
            sched.carrierFailed(this, t);
        }
    }

    /** notesleep: sleeps until {@link #notewakeup}; consumes the wake-up. This M only. */
    void notesleep() {
        while (!wakeup) {
            LockSupport.park(this);
        }
        wakeup = false;
    }

    /** Like {@link #notesleep} but at most until {@code deadline} (System.nanoTime). */
    boolean notesleepUntil(long deadline) {
        while (!wakeup) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        wakeup = false;
        return true;
    }

    /** notewakeup: any thread. */
    void notewakeup() {
        wakeup = true;
        LockSupport.unpark(this);
    }

    /** The M running on this thread, or null. */
    static M current() {
        Thread t = Thread.currentThread();
        return t instanceof M ? (M) t : null;
    }
}
