package io.golib.sync;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A mutual exclusion lock: Go's {@code sync.Mutex}, for goroutines and plain threads. A goroutine
 * that waits parks (wait reason {@code "sync.Mutex.Lock"}); its carrier runs other goroutines.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * mu.lock();
 * try {
 *     balance += amount;
 * } finally {
 *     mu.unlock();
 * }
 * }</pre>
 *
 * <p>As in Go, a mutex is not reentrant (locking it twice from the same goroutine deadlocks) and
 * is not owned: one goroutine or thread may lock it and another unlock it. Unlocking an unlocked
 * mutex throws {@link IllegalStateException}.
 *
 * <p>A goroutine may lock it through the {@link java.util.concurrent.locks.Lock} interface too:
 * in a class that uses golib's channels, sync or context, the transformer treats
 * {@code Lock.lock()} (and {@code Condition.await()}) calls as parking points. Elsewhere (a
 * library written against {@code Lock} alone) a goroutine that waits there blocks its carrier;
 * it still works, with its P handed to another carrier.
 *
 * <p>Port of go1.24 internal/sync/mutex.go (go1.22 sync/mutex.go): Lock, TryLock, lockSlow,
 * Unlock, unlockSlow, and proc.go's sync_runtime_canSpin / doSpin.
 *
 * <h2>Fairness (Go's)</h2>
 * In <em>normal mode</em> waiters queue FIFO, but a woken waiter competes with newcomers, which
 * usually win (they are already running); the loser goes back to the head of the queue. A waiter
 * that has waited more than 1 ms switches the mutex to <em>starvation mode</em>: unlock hands the
 * mutex straight to the first waiter, and newcomers neither take it nor spin, but queue at the
 * tail. The waiter that receives it switches back to normal mode when it is the last one or
 * waited less than 1 ms. Normal mode is much faster; starvation mode bounds tail latency.
 *
 * <h2>The state word</h2>
 * <pre>
 *  31                               3     2         1       0
 * +-----------------------------------+----------+-------+--------+
 * | waiters (goroutines and threads    | STARVING | WOKEN | LOCKED |
 * |  queued or about to queue)         |          |       |        |
 * +-----------------------------------+----------+-------+--------+
 * </pre>
 * {@code WOKEN}: a waiter has been woken, or a spinner announced itself, so unlock need not wake
 * another; at most one goroutine owns it (its local {@code awoke}). A unit of {@link #sema}
 * stands for one waiter already subtracted from the count, so
 * {@code waiters + units released or being released = goroutines committed to wait}: every
 * unit has a waiter to take it. Starvation mode: {@code LOCKED} is clear between an unlock and
 * the handoff's receiver setting it; the receiver subtracts itself from the waiters.
 *
 * <h2>What is not in Go</h2>
 * <ul>
 *   <li>{@link #tryLock(long, TimeUnit)} and {@link #lockInterruptibly()} on a plain thread wait
 *       as a thread that may give up ({@code lockSlowTimed}): a goroutine's timed wait blocks its
 *       carrier inside {@code Go.withSyscall} (see the package comment). Giving up must keep the
 *       equation above: {@link #leaveWaiters} either subtracts the leaver from the waiters or,
 *       when an unlock already did that on its behalf, takes the unit it released.
 *   <li>{@link #lockInterruptibly()} in a goroutine is {@link #lock()}: goroutines have no
 *       interrupts.
 *   <li>{@link #unlock()} drops {@code LOCKED} with a CAS, not an add, so a wrong unlock throws
 *       without corrupting the state; and it does not yield to a starving waiter it hands off to
 *       (see {@code Sema.release}).
 *   <li>Spinning: Go spins only if another P is running and the local run queue is empty; golib
 *       cannot see those and spins (at most 4 rounds) when GOMAXPROCS and the CPU count exceed 1.
 * </ul>
 */
public final class Mutex implements ParkingLock {
    static final int LOCKED = 1;
    static final int WOKEN = 1 << 1;
    static final int STARVING = 1 << 2;
    static final int WAITER_SHIFT = 3;
    static final int WAITER = 1 << WAITER_SHIFT;

    /** starvationThresholdNs: a waiter waiting longer switches the mutex to starvation mode. */
    static final long STARVATION_THRESHOLD_NS = 1_000_000L;
    /** active_spin, active_spin_cnt (proc.go). */
    private static final int ACTIVE_SPIN = 4;
    private static final int ACTIVE_SPIN_CNT = 30;
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

    /** See the diagram. Changed only by CAS (and the handoff receiver's add). */
    private volatile int state;
    /** Where waiters sleep (Go's {@code sema}). */
    private final Sema sema = new Sema();
    /** The wait reason of goroutines parked here. Immutable. */
    private final String waitReason;

    /** An unlocked mutex. */
    public Mutex() {
        this("sync.Mutex.Lock");
    }

    /** A mutex whose waiters show {@code waitReason} in dumps (RWMutex's writer lock). */
    Mutex(String waitReason) {
        this.waitReason = waitReason;
    }

    // =========================================================================================
    // Lock
    // =========================================================================================

    /**
     * Locks the mutex, parking the goroutine (blocking the plain thread) until it is available.
     * Not reentrant. A plain thread's interrupts do not end the wait; its interrupt status is
     * kept.
     */
    @Goroutine
    @Override
    public void lock() {
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            return; // fast path: grab an unlocked mutex
        }
        lockSlow();
    }

    /**
     * Locks the mutex if it is free and no waiter is owed it (starvation mode), without waiting.
     * As Go notes, correct uses of {@code tryLock} are rare.
     */
    @Override
    public boolean tryLock() {
        int old = state;
        if ((old & (LOCKED | STARVING)) != 0) {
            return false;
        }
        // A waiter may be queued, but we are running now and may take it before it wakes.
        return STATE.compareAndSet(this, old, old | LOCKED);
    }

    @Goroutine
    private void lockSlow() {
        long waitStart = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        int old = state;
        while (true) {
            // Spin only in normal mode: in starvation mode the mutex goes to the waiters anyway.
            if ((old & (LOCKED | STARVING)) == LOCKED && canSpin(iter)) {
                awoke = spinOnce(old, awoke);
                iter++;
                old = state;
                continue;
            }
            int next = nextState(old, starving, awoke);
            if (STATE.compareAndSet(this, old, next)) {
                if ((old & (LOCKED | STARVING)) == 0) {
                    return; // locked it with the CAS
                }
                // A waiter woken before goes back to the head of the queue.
                boolean lifo = waitStart != 0;
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                sema.acquire(lifo, waitReason);
                starving = starving || System.nanoTime() - waitStart > STARVATION_THRESHOLD_NS;
                old = state;
                if ((old & STARVING) != 0) {
                    takeHandoff(old, starving);
                    return;
                }
                awoke = true;
                iter = 0;
            } else {
                old = state;
            }
        }
    }

    /**
     * One round of active spinning on a mutex locked in normal mode. First sets WOKEN, if nobody
     * has and there are waiters, so that unlock does not wake another waiter while we spin.
     * Returns the new {@code awoke}.
     */
    private boolean spinOnce(int old, boolean awoke) {
        if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                && STATE.compareAndSet(this, old, old | WOKEN)) {
            awoke = true;
        }
        doSpin();
        return awoke;
    }

    /**
     * The state lockSlow's CAS installs from {@code old}: lock it unless starving, or count
     * ourselves a waiter; enter starvation mode if we starve and it is locked; hand back WOKEN.
     */
    private static int nextState(int old, boolean starving, boolean awoke) {
        int next = old;
        if ((old & STARVING) == 0) {
            next |= LOCKED; // don't try to take a starving mutex: newcomers queue
        }
        if ((old & (LOCKED | STARVING)) != 0) {
            next += WAITER;
        }
        // Switch to starvation mode, unless it is unlocked (unlock expects a starving mutex to
        // have waiters, which would not hold then).
        if (starving && (old & LOCKED) != 0) {
            next |= STARVING;
        }
        if (awoke) {
            // We were woken (or spun with WOKEN set): reset the flag either way.
            if ((next & WOKEN) == 0) {
                throw new SyncFault("Mutex.lockSlow: inconsistent mutex state");
            }
            next &= ~WOKEN;
        }
        return next;
    }

    /**
     * Starvation mode handed the mutex to us: LOCKED is not set yet and we still count as a
     * waiter. Fix both; leave starvation mode if we are the last waiter or did not starve
     * (critical: two goroutines could otherwise go lock-step in starvation mode forever).
     */
    private void takeHandoff(int old, boolean starving) {
        if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
            throw new SyncFault("Mutex.takeHandoff: inconsistent mutex state");
        }
        int delta = LOCKED - WAITER;
        if (!starving || (old >>> WAITER_SHIFT) == 1) {
            delta -= STARVING;
        }
        STATE.getAndAdd(this, delta);
    }

    /** sync_runtime_canSpin: a few rounds, only with parallelism to make spinning pay. */
    private static boolean canSpin(int iter) {
        if (iter >= ACTIVE_SPIN || !MULTICORE) {
            return false;
        }
        // A plain thread asks nothing of the scheduler (it may not even have started).
        return Sched.currentG() == null || Go.gomaxprocs() > 1;
    }

    /** sync_runtime_doSpin: procyield(active_spin_cnt). */
    private static void doSpin() {
        for (int i = 0; i < ACTIVE_SPIN_CNT; i++) {
            Thread.onSpinWait();
        }
    }

    // =========================================================================================
    // Lock with a deadline or interrupts (not in Go)
    // =========================================================================================

    /**
     * Locks the mutex; a plain thread's wait ends with {@link InterruptedException} if it is
     * interrupted (before or while waiting). In a goroutine this is {@link #lock()}: goroutines
     * have no interrupts.
     */
    @Goroutine
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Sched.currentG() != null) {
            lock();
            return;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        throwIfInterrupted(lockPlain(false, 0, true));
    }

    /**
     * Locks the mutex if it becomes available within {@code time}. A goroutine's wait blocks
     * its carrier, as a system call does ({@code Go.withSyscall}: its P goes to another
     * carrier); a plain thread's wait ends with {@link InterruptedException} if it is
     * interrupted. The waiter queues like any other (FIFO, starvation mode); when the time is
     * up it leaves without taking a wakeup from anybody.
     *
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "Mutex.tryLock: unit is null");
        boolean goroutine = Sched.currentG() != null;
        if (!goroutine && Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryLock()) {
            return true;
        }
        long nanos = unit.toNanos(time);
        if (nanos <= 0) {
            return false;
        }
        long deadline = Waiter.deadline(nanos);
        int r = goroutine ? Go.withSyscall(() -> lockPlain(true, deadline, false))
                : lockPlain(true, deadline, true);
        throwIfInterrupted(r);
        return r == Waiter.OK;
    }

    private static void throwIfInterrupted(int r) throws InterruptedException {
        if (r == Waiter.INTERRUPTED) {
            Thread.interrupted();
            throw new InterruptedException();
        }
    }

    /**
     * Lock for a blocking waiter that may give up: {@link Waiter#OK} locked, else
     * {@link Waiter#TIMED_OUT} or {@link Waiter#INTERRUPTED} (status kept) not locked. Blocks the
     * calling thread. Also RWMutex's writers' timed lock.
     */
    int lockPlain(boolean timed, long deadline, boolean interruptible) {
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            return Waiter.OK;
        }
        return lockSlowTimed(timed, deadline, interruptible);
    }

    /**
     * lockSlow for a blocking waiter that may give up. The same steps; besides, it gives up
     * instead of queueing once the wait must end, handing back WOKEN if it holds it, and a wait
     * that ended unconsumed withdraws through {@link #leaveWaiters}.
     */
    private int lockSlowTimed(boolean timed, long deadline, boolean interruptible) {
        long waitStart = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        int old = state;
        while (true) {
            if ((old & (LOCKED | STARVING)) == LOCKED && canSpin(iter)) {
                awoke = spinOnce(old, awoke);
                iter++;
                old = state;
                continue;
            }
            if ((old & (LOCKED | STARVING)) != 0) {
                int why = Waiter.expired(timed, deadline, interruptible);
                if (why != Waiter.OK) {
                    if (!awoke) {
                        return why;
                    }
                    // Give WOKEN back: the holder's unlock will wake a waiter, if any.
                    if ((old & WOKEN) == 0) {
                        throw new SyncFault("Mutex.lockSlowTimed: inconsistent mutex state");
                    }
                    if (STATE.compareAndSet(this, old, old & ~WOKEN)) {
                        return why;
                    }
                    old = state;
                    continue;
                }
            }
            int next = nextState(old, starving, awoke);
            if (STATE.compareAndSet(this, old, next)) {
                if ((old & (LOCKED | STARVING)) == 0) {
                    return Waiter.OK;
                }
                boolean lifo = waitStart != 0;
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                int r = sema.acquireTimed(lifo, timed, deadline, interruptible);
                if (r != Waiter.OK && !leaveWaiters()) {
                    return r;
                }
                starving = starving || System.nanoTime() - waitStart > STARVATION_THRESHOLD_NS;
                old = state;
                if ((old & STARVING) != 0) {
                    takeHandoff(old, starving);
                    return Waiter.OK;
                }
                awoke = true;
                iter = 0;
            } else {
                old = state;
            }
        }
    }

    /**
     * A waiter whose semaphore wait ended without a unit stops counting as a waiter. Returns
     * false when it subtracted itself; true when it had to take a unit instead (it is then the
     * woken waiter, as if the semaphore had woken it), because:
     * <ul>
     *   <li>no waiters are counted: a normal-mode unlock already subtracted one on its behalf and
     *       is releasing a unit for it;
     *   <li>it is the last waiter of a starving, unlocked mutex: the unlock's handoff is for it.
     * </ul>
     * The last waiter of a starving mutex that is locked also ends starvation mode, so the
     * holder's unlock does not hand off to nobody. Units arrive within a few instructions of the
     * unlock's CAS, so the wait for one is a short spin.
     */
    private boolean leaveWaiters() {
        int spins = 0;
        while (true) {
            int old = state;
            int waiters = old >>> WAITER_SHIFT;
            boolean starvingMode = (old & STARVING) != 0;
            if (waiters > 1 || waiters == 1 && !starvingMode) {
                if (STATE.compareAndSet(this, old, old - WAITER)) {
                    return false;
                }
            } else if (waiters == 1 && (old & LOCKED) != 0) {
                if (STATE.compareAndSet(this, old, (old - WAITER) & ~STARVING)) {
                    return false;
                }
            } else if (sema.tryAcquire()) {
                return true;
            } else {
                SpinLock.spinWait(spins++);
            }
        }
    }

    // =========================================================================================
    // Unlock
    // =========================================================================================

    /**
     * Unlocks the mutex. Any goroutine or thread may unlock it, not only the one that locked it.
     *
     * @throws IllegalStateException "sync: unlock of unlocked mutex" if it is not locked (Go
     *     aborts the program; here nothing is changed)
     */
    @Override
    public void unlock() {
        if (STATE.compareAndSet(this, LOCKED, 0)) {
            return; // fast path: nobody waits
        }
        int next;
        while (true) {
            int old = state;
            if ((old & LOCKED) == 0) {
                throw new IllegalStateException("sync: unlock of unlocked mutex");
            }
            next = old & ~LOCKED;
            if (STATE.compareAndSet(this, old, next)) {
                break;
            }
        }
        if (next != 0) {
            unlockSlow(next);
        }
    }

    private void unlockSlow(int next) {
        if ((next & STARVING) != 0) {
            // Starvation mode: hand the mutex to the first waiter. LOCKED stays clear until it
            // sets it, but STARVING keeps newcomers out meanwhile.
            sema.release(true);
            return;
        }
        int old = next;
        while (true) {
            // Nobody to wake, or a waiter is already woken or has the lock, or it turned
            // starving after our unlock (then the handoff chain does not include us).
            if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) {
                return;
            }
            // Take the right to wake someone.
            if (STATE.compareAndSet(this, old, (old - WAITER) | WOKEN)) {
                sema.release(false);
                return;
            }
            old = state;
        }
    }

    // =========================================================================================
    // Conditions and the rest
    // =========================================================================================

    /**
     * A condition variable bound to this mutex: a {@link Cond}, whose waits park goroutines. See
     * {@link Cond} for what it supports of {@link java.util.concurrent.locks.Condition}.
     */
    @Override
    public Cond newCondition() {
        return new Cond(this);
    }

    /** {@code Mutex[unlocked]}, {@code Mutex[locked, 3 waiters, starving]}: racy, for debugging. */
    @Override
    public String toString() {
        int s = state;
        StringBuilder sb = new StringBuilder("Mutex[");
        sb.append((s & LOCKED) != 0 ? "locked" : "unlocked");
        int waiters = s >>> WAITER_SHIFT;
        if (waiters > 0) {
            sb.append(", ").append(waiters).append(waiters == 1 ? " waiter" : " waiters");
        }
        if ((s & STARVING) != 0) {
            sb.append(", starving");
        }
        return sb.append(']').toString();
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
