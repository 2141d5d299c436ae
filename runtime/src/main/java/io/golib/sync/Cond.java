package io.golib.sync;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.runtime.sched.Sched;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A condition variable: a rendezvous point for goroutines (or threads) waiting for, or
 * announcing, an event. Go's {@code sync.Cond}, and a goroutine-aware
 * {@link java.util.concurrent.locks.Condition} ({@link Mutex#newCondition()} makes one).
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * Cond ready = new Cond(mu);
 *
 * mu.lock();
 * try {
 *     while (!condition()) {   // a loop: await may return before the condition holds
 *         ready.await();
 *     }
 *     useCondition();
 * } finally {
 *     mu.unlock();
 * }
 * }</pre>
 *
 * <p>The lock {@code L} must be held when calling {@link #await}; {@link #signal} and
 * {@link #broadcast} may be called with or without it. {@code await} unlocks {@code L}, waits,
 * and locks {@code L} again before it returns. Because {@code L} is not held while waiting, the
 * condition may have changed again by then: always wait in a loop. A signal or broadcast happens
 * before the {@code await} it wakes returns. {@code L} may be any {@link Lock}: with a
 * {@link Mutex} or an {@link RWMutex} view, waiting and relocking park the goroutine; with a JDK
 * lock (for plain threads), relocking blocks the thread.
 *
 * <h2>As a {@link Condition}</h2>
 * <ul>
 *   <li>{@link #await()} and {@link #awaitUninterruptibly()}: Go's {@code Wait}; not
 *       interruptible (a plain thread keeps its interrupt status). {@link #signalAll()} is
 *       {@link #broadcast()}.
 *   <li>{@link #awaitNanos}, {@link #await(long, TimeUnit)}, {@link #awaitUntil}: timed; a plain
 *       thread's wait ends with {@link InterruptedException} on interrupt, after relocking. In a
 *       goroutine the wait itself blocks the carrier as a system call does
 *       ({@code Go.withSyscall}: the P goes to another carrier); relocking parks. A waiter that
 *       times out never absorbs a signal meant for another.
 *   <li>Ownership of {@code L} is not checked: Go's locks have no owner ({@code L}'s own
 *       {@code unlock} complains if it is not locked, and then nothing is waited for).
 * </ul>
 *
 * <p>Port of go1.22 sync/cond.go: Wait, Signal, Broadcast, over runtime/sema.go's notifyList
 * ({@link NotifyList}).
 */
public final class Cond implements Condition {
    /** Held while observing or changing the condition (Go's {@code c.L}). Immutable. */
    private final Lock l;
    private final NotifyList notify = new NotifyList();

    /**
     * A condition variable over {@code l}.
     *
     * @throws NullPointerException if {@code l} is null
     */
    public Cond(Lock l) {
        this.l = Objects.requireNonNull(l, "Cond: the lock is null");
    }

    /** The lock (Go's {@code c.L}). */
    public Lock locker() {
        return l;
    }

    /**
     * Unlocks {@code L}, parks the goroutine (blocks the plain thread) until a {@link #signal} or
     * {@link #broadcast} wakes it (wait reason {@code "sync.Cond.Wait"}), then locks {@code L}
     * again. Callers wait in a loop re-checking their condition: it may not hold on return.
     */
    @Goroutine
    @Override
    public void await() {
        int t = notify.add();
        unlockL(t);
        notify.await(t, "sync.Cond.Wait");
        relock();
    }

    /** {@link #await()}. */
    @Goroutine
    @Override
    public void awaitUninterruptibly() {
        await();
    }

    /**
     * {@link #await()} for at most {@code nanosTimeout}; returns an estimate of the time left
     * (zero or less: the time ran out). See the class comment for interrupts and goroutines.
     */
    @Goroutine
    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = Waiter.deadline(nanosTimeout);
        awaitDeadline(deadline);
        return deadline - System.nanoTime();
    }

    /**
     * {@link #await()} for at most {@code time}; false if the time ran out first.
     *
     * @throws NullPointerException if {@code unit} is null
     */
    @Goroutine
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "Cond.await: unit is null");
        return awaitDeadline(Waiter.deadline(unit.toNanos(time))) != Waiter.TIMED_OUT;
    }

    /**
     * {@link #await()} until {@code deadline} (wall clock); false if it passed first.
     *
     * @throws NullPointerException if {@code deadline} is null
     */
    @Goroutine
    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        Objects.requireNonNull(deadline, "Cond.awaitUntil: deadline is null");
        long nanos = TimeUnit.MILLISECONDS.toNanos(deadline.getTime()
                - System.currentTimeMillis());
        return awaitDeadline(Waiter.deadline(nanos)) != Waiter.TIMED_OUT;
    }

    /** The timed waits: {@link Waiter#OK} or {@link Waiter#TIMED_OUT}, relocked either way. */
    @Goroutine
    private int awaitDeadline(long deadline) throws InterruptedException {
        boolean goroutine = Sched.currentG() != null;
        if (!goroutine && Thread.interrupted()) {
            throw new InterruptedException();
        }
        int t = notify.add();
        unlockL(t);
        int r = goroutine
                ? Go.withSyscall(() -> notify.awaitTimed(t, true, deadline, false))
                : notify.awaitTimed(t, true, deadline, true);
        relock();
        if (r == Waiter.INTERRUPTED) {
            Thread.interrupted();
            throw new InterruptedException();
        }
        return r;
    }

    /** Wakes one goroutine or thread waiting on this Cond, if any (the longest waiting). */
    @Override
    public void signal() {
        notify.notifyOne();
    }

    /** Wakes every goroutine and thread waiting on this Cond. */
    public void broadcast() {
        notify.notifyAllWaiters();
    }

    /** {@link #broadcast()}. */
    @Override
    public void signalAll() {
        broadcast();
    }

    /** Unlocks L for a waiter holding ticket {@code t}; if that fails, gives the ticket up. */
    private void unlockL(int t) {
        try {
            l.unlock();
        } catch (RuntimeException | Error e) {
            notify.cancel(t);
            throw e;
        }
    }

    /** Locks L again; through {@link ParkingLock} a goroutine parks instead of pinning. */
    @Goroutine
    private void relock() {
        if (l instanceof ParkingLock) {
            ((ParkingLock) l).lock();
        } else {
            l.lock();
        }
    }

    @Override
    public String toString() {
        return "Cond[" + l + "]";
    }
}
