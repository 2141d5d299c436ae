package io.golib.runtime.sched;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.runtime.stack.Continuation;

/**
 * A goroutine: its scheduling state and what it waits for, on top of its continuation and heap
 * stack, which it extends: one object per goroutine, as Go's {@code g} holds its stack bounds
 * and its saved registers (a parked goroutine's memory is mostly headers and links otherwise).
 * Port of go1.22 runtime/runtime2.go: g (the fields golib needs) and its status constants.
 *
 * <p>Ownership follows Go's status protocol: whoever moves a G into a status owns its fields
 * until it moves it on. {@link #status} itself changes by CAS.
 */
public sealed class G extends Continuation permits MainG {
    // ---- statuses (runtime2.go: _Grunnable ...) ----
    /** On a run queue, not executing; the queue owns it. */
    static final int RUNNABLE = 1;
    /** Executing on an M that owns a P; the M owns it. */
    static final int RUNNING = 2;
    /** Blocked (parked). Not on a run queue; whoever readies it (CAS to RUNNABLE) owns it. */
    static final int WAITING = 4;
    /** Finished; kept only until its counters are settled, then dropped (or made FREE). */
    static final int DEAD = 6;
    /**
     * Finished and kept on a free list for reuse (Go's _Gdead G on a gFree list). Still in
     * {@link AllGs} (a reused G stays registered where it was), listed nowhere.
     */
    static final int FREE = 7;

    /**
     * Goroutine id, unique, from 1. Written before the G is published on a run queue; a reused G
     * gets a new one (Go's newproc1: {@code newg.goid}).
     */
    long id;
    /** Link in the global run queue; guarded by the scheduler lock. */
    G schedlink;
    /** See the status constants. CAS via {@link #casStatus}. */
    volatile int status;
    /** Why the goroutine waits ("chan receive", "sleep", ...), or null. Written by the goroutine
     *  before it parks and cleared by its waker; dumps read it racily, after {@link #status}. */
    String waitReason;
    /** The timer {@code Go.sleep} parks on; created on first sleep. Owner: the goroutine. */
    TimerNode sleepTimer;
    /** What {@code io.golib.chan} keeps per goroutine (its reusable wait records, Go's per-P
     *  sudog cache), or null. Owner: the goroutine itself. */
    private Object chanLocal;

    /** A goroutine with no body yet, as if ended: {@code newproc} gives it one with
     *  {@link #reuse} (the run-queue tests use it bare). */
    G(long id) {
        this.id = id;
    }

    /** A goroutine that runs {@code body}: for {@link MainG}. */
    G(long id, GoRunnable body) {
        super(body);
        this.id = id;
    }

    G(long id, GoCallable<?> body) {
        super(body);
        this.id = id;
    }

    /** The waiter of {@code Go.run} if this is a main goroutine, else null. */
    final MainWaiter mainWaiter() {
        return this instanceof MainG ? ((MainG) this).waiter : null;
    }

    /** The M blocked in a pinned park of this goroutine (it holds its frames), or null. */
    M pinnedOn() {
        return (M) pinnedCarrier();
    }

    void pinnedOn(M m) {
        pinnedCarrier(m);
    }

    /** A park that could not unwind: the scheduler hands this M's P off while it blocks. */
    @Override
    protected void parkPinned() {
        Sched.get().parkPinned(this);
    }

    /** Whether dumps list it: it has started and not ended. */
    boolean listed() {
        int s = status;
        return s != DEAD && s != FREE;
    }

    /** Forgets the last goroutine's scheduling state before the G goes on a free list. */
    void clearForReuse() {
        waitReason = null;
    }

    /** The goroutine id (Go's goid). */
    public long id() {
        return id;
    }

    /** {@code io.golib.chan}'s per-goroutine state, or null; only the goroutine itself may call. */
    public Object chanLocal() {
        return chanLocal;
    }

    /** Sets {@link #chanLocal()}; only the goroutine itself may call. */
    public void chanLocal(Object state) {
        chanLocal = state;
    }

    /**
     * The first half of gopark, for a parking primitive that parks in its own frame (so a park
     * saves one frame fewer than through {@link Sched#park}): records why the goroutine waits and
     * what the scheduler must unlock once its frames are saved (on its M, as Go's
     * {@code mp.waitunlockf}). The caller must call {@code Continuation.park()} next, with
     * nothing in between that could park. Only the goroutine itself may call.
     */
    public void prepark(String reason, Unlocker unlockf, Object arg) {
        M mp = M.current();
        if (mp == null) {
            throw new SchedFault("prepark: goroutine " + id + " runs off its carrier");
        }
        this.waitReason = reason;
        mp.waitunlockf = unlockf;
        mp.waitlock = arg;
    }

    /** Go's gopark unlock function: return false to cancel the park (the G runs again at once). */
    @FunctionalInterface
    public interface Unlocker {
        boolean unlock(G gp, Object arg);
    }

    private static final java.lang.invoke.VarHandle STATUS;

    static {
        try {
            STATUS = java.lang.invoke.MethodHandles.lookup().findVarHandle(G.class, "status",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Sets the status with a release store, for the M that owns the G on the run/park path
     * (a volatile store's full fence costs ~20 cycles twice per switch). Enough: every reader
     * that acts on the status synchronizes with the owner another way first (a waker takes the
     * channel or semaphore lock the owner released after storing WAITING, and then CASes), so
     * it only needs the store ordered after the owner's earlier writes.
     */
    void setStatusRelease(int s) {
        STATUS.setRelease(this, s);
    }

    /** Moves the status from {@code from} to {@code to} if it is {@code from}. Any thread. */
    boolean casStatus(int from, int to) {
        return STATUS.compareAndSet(this, from, to);
    }
}
