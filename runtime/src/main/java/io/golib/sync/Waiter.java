package io.golib.sync;

import io.golib.runtime.sched.ForeignThreads;
import io.golib.runtime.sched.G;
import io.golib.runtime.sched.Sched;
import java.util.concurrent.locks.LockSupport;

/**
 * One goroutine or thread waiting in a {@link Sema} or {@link NotifyList} queue: Go's
 * {@code sudog} (runtime2.go), the fields sema.go uses ({@code g}, {@code next}, {@code prev},
 * {@code ticket}), plus what a plain thread needs to block.
 *
 * <p>Two kinds: a <em>parking</em> waiter ({@link #g} set) parks its goroutine through
 * {@code Sched.park} and is woken with {@code Sched.ready}; a <em>blocking</em> waiter
 * ({@link #thread} set) is a plain thread, or a goroutine in a timed wait blocking its carrier,
 * and sleeps in {@link LockSupport#park} until {@link #woken}.
 *
 * <p>Ownership: the links and {@link #queued} belong to the lock of the queue the waiter is in;
 * {@link #ticket} is written by the owner before it queues. {@link #handoff} and {@link #woken}
 * are written by the one waker that dequeued it (under the queue lock it took it out, then
 * outside), before the wake; the owner reads them after.
 */
final class Waiter {
    /** Results of a wait: woken (or acquired, or notified). */
    static final int OK = 0;
    /** The deadline passed first. */
    static final int TIMED_OUT = 1;
    /** The thread was interrupted first (its interrupt status is still set). */
    static final int INTERRUPTED = 2;

    /** The goroutine of a parking waiter, else null. Immutable. */
    final G g;
    /** The thread of a blocking waiter, else null. Immutable. */
    final Thread thread;
    /** Queue links; guarded by the queue's lock. */
    Waiter prev;
    Waiter next;
    /** In a {@link Sema} queue; guarded by its lock. */
    boolean queued;
    /** NotifyList ticket; written by the owner before queueing. */
    int ticket;
    /** Go's {@code s.ticket = 1}: the waker handed a semaphore unit over with the wake. */
    volatile boolean handoff;
    /** Set by the waker before it wakes the owner (release; the owner's read is the acquire). */
    volatile boolean woken;

    private Waiter(G g, Thread thread) {
        this.g = g;
        this.thread = thread;
    }

    /** A waiter for the caller: parking in a goroutine, blocking on a plain thread. */
    static Waiter forCaller() {
        G g = Sched.currentG();
        return g != null ? new Waiter(g, null) : blocking();
    }

    /** A blocking waiter for the calling thread, goroutine carrier or not (timed waits). */
    static Waiter blocking() {
        ForeignThreads.touch(); // a plain thread using golib: the deadlock check counts it
        return new Waiter(null, Thread.currentThread());
    }

    /** Ready for another round of waiting in the same queue. Owner only, not queued. */
    void rearm() {
        woken = false;
        handoff = false;
    }

    /** Wakes the owner. Called once per wait, by the waker that dequeued it, no lock held. */
    void wake() {
        if (thread != null) {
            ForeignThreads.endWait(thread); // before woken: see ForeignThreads.endWait
        }
        woken = true;
        if (g != null) {
            Sched.get().ready(g);
        } else {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Blocks the owner thread until {@link #wake}, ignoring interrupts (a pending interrupt is
     * cleared while it waits, so {@code park} does not return at once forever, and set again
     * before it returns).
     */
    void block() {
        boolean interrupted = false;
        while (!woken) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        ForeignThreads.endWait(thread);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Blocks the owner thread until {@link #wake} ({@link #OK}), the deadline if {@code timed}
     * ({@link #TIMED_OUT}) or an interrupt if {@code interruptible} ({@link #INTERRUPTED}; the
     * interrupt status stays set for the caller to clear when it throws).
     */
    int block(boolean timed, long deadline, boolean interruptible) {
        boolean interrupted = false;
        int result = OK;
        while (!woken) {
            result = expired(timed, deadline, interruptible);
            if (result != OK) {
                break;
            }
            if (timed) {
                LockSupport.parkNanos(this, deadline - System.nanoTime());
            } else {
                LockSupport.park(this);
            }
            if (!interruptible && Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    // =========================================================================================
    // Deadlines
    // =========================================================================================

    /** The longest wait we compute with: far beyond any real timeout, far from overflow. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 4;

    /** A {@link System#nanoTime()} deadline {@code nanos} from now (clamped to [0, ~36 years]). */
    static long deadline(long nanos) {
        return System.nanoTime() + Math.max(0, Math.min(nanos, MAX_NANOS));
    }

    /** Whether a wait must end: {@link #TIMED_OUT}, {@link #INTERRUPTED} (status kept) or OK. */
    static int expired(boolean timed, long deadline, boolean interruptible) {
        if (interruptible && Thread.currentThread().isInterrupted()) {
            return INTERRUPTED;
        }
        if (timed && deadline - System.nanoTime() <= 0) {
            return TIMED_OUT;
        }
        return OK;
    }
}
