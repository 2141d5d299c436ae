package io.golib.sync;

import io.golib.Goroutine;
import io.golib.runtime.sched.ForeignThreads;
import io.golib.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A semaphore as Go's runtime uses it under sync: a sleep/wakeup primitive where every sleep is
 * paired with a single wakeup, even when, through races, the wakeup comes first (Mullender and
 * Cox, "Semaphores in Plan 9"). Port of go1.22 runtime/sema.go: semacquire1, semrelease1,
 * cansemacquire, semaRoot.queue/dequeue.
 *
 * <p>{@link #count} is Go's {@code *addr}; the queue, {@link #nwait} and this object's lock are
 * Go's {@code semaRoot} for that one address: each primitive owns its semaphores, so there is no
 * global {@code semtable} and no treap (see the package comment). The queue is a doubly linked
 * FIFO; a {@code lifo} acquire (a Mutex waiter that was woken and lost the race) goes to its head.
 *
 * <p>Invariants, under the lock: {@link #nwait} is the length of the queue; a waiter is in the
 * queue iff its {@code queued} flag is set. Outside the lock: a release that sees
 * {@code nwait == 0} after incrementing {@link #count} may skip the queue, because an acquirer
 * increments {@code nwait} before its last {@link #tryAcquire} (both are volatile, so the two
 * sides form a Dekker pair and one of them sees the other).
 *
 * <p>Who may call: any goroutine or thread. {@link #acquire} parks a goroutine;
 * {@link #acquireTimed} blocks the calling thread (a goroutine calls it inside
 * {@code Go.withSyscall}).
 */
final class Sema extends WaitQueue {
    /** Available units (Go's {@code *addr}). Volatile; decremented only by CAS from above 0. */
    private volatile int count;
    /** Waiters queued or about to queue (Go's {@code root.nwait}). Written under the lock,
     *  read without it by {@link #release}'s easy case. */
    private volatile int nwait;

    /** cansemacquire: takes a unit if there is one. Any thread, no lock. */
    boolean tryAcquire() {
        while (true) {
            int v = count;
            if (v == 0) {
                return false;
            }
            if (COUNT.compareAndSet(this, v, v - 1)) {
                return true;
            }
        }
    }

    /**
     * semacquire1: takes a unit, parking the goroutine (or blocking the plain thread) until one is
     * released. {@code lifo}: queue at the head. Not interruptible.
     */
    @Goroutine
    void acquire(boolean lifo, String reason) {
        if (tryAcquire()) {
            return;
        }
        Waiter w = Waiter.forCaller();
        while (true) {
            if (queueUnlessAcquired(w, lifo)) {
                return;
            }
            // Queued, lock held. Any release after our last tryAcquire sees nwait > 0 and will
            // dequeue somebody; sleep until it is us.
            if (w.g != null) {
                Sched.park(reason, UNLOCK_AFTER_PARK, this);
            } else {
                ForeignThreads.beginWait(); // before a waker can see us: see ForeignThreads
                unlock();
                w.block();
            }
            if (w.handoff || tryAcquire()) {
                return;
            }
            w.rearm(); // woken, but a newcomer took the unit first: queue again
        }
    }

    /**
     * semacquire1 for a blocking waiter that may give up: takes a unit, blocking the calling
     * thread until one is released, the deadline passes ({@code timed}) or the thread is
     * interrupted ({@code interruptible}). Returns {@link Waiter#OK} with a unit taken, else
     * {@link Waiter#TIMED_OUT} or {@link Waiter#INTERRUPTED} having taken nothing and left the
     * queue: then no wakeup was spent on the caller.
     */
    int acquireTimed(boolean lifo, boolean timed, long deadline, boolean interruptible) {
        if (tryAcquire()) {
            return Waiter.OK;
        }
        Waiter w = Waiter.blocking();
        while (true) {
            if (queueUnlessAcquired(w, lifo)) {
                return Waiter.OK;
            }
            unlock();
            int r = w.block(timed, deadline, interruptible);
            if (r != Waiter.OK) {
                if (cancel(w)) {
                    return r;
                }
                w.block(); // a release dequeued us first: its wake is on the way
            }
            if (w.handoff || tryAcquire()) {
                return Waiter.OK;
            }
            if (r == Waiter.OK) {
                r = Waiter.expired(timed, deadline, interruptible);
            }
            if (r != Waiter.OK) {
                return r; // woken too late and beaten to the unit: nothing taken
            }
            w.rearm();
        }
    }

    /**
     * Under the lock: counts the caller as a waiter, then tries once more (a release in between
     * saw no waiter and left a unit). Returns true having taken a unit, lock released; false with
     * {@code w} queued and the lock still held, for the caller to sleep.
     */
    private boolean queueUnlessAcquired(Waiter w, boolean lifo) {
        lock();
        NWAIT.getAndAdd(this, 1);
        if (tryAcquire()) {
            NWAIT.getAndAdd(this, -1);
            unlock();
            return true;
        }
        enqueue(w, lifo);
        return false;
    }

    /** Takes {@code w} out of the queue if it is still there (a waiter giving up). */
    private boolean cancel(Waiter w) {
        lock();
        boolean was = w.queued;
        if (was) {
            unlink(w);
            NWAIT.getAndAdd(this, -1);
        }
        unlock();
        return was;
    }

    /**
     * semrelease1: adds a unit and wakes the first waiter, if any. With {@code handoff} the unit
     * goes straight to that waiter (Mutex starvation mode), so a newcomer cannot take it.
     *
     * <p>Unlike Go, the releaser does not yield its P to the waiter after a handoff
     * ({@code goyield}): {@code release} runs inside {@code unlock}, which is not a parking
     * operation here. The woken goroutine is still put in the releaser's {@code runnext}.
     */
    void release(boolean handoff) {
        COUNT.getAndAdd(this, 1);
        if (nwait == 0) {
            return; // easy case: no waiter (must come after the increment; see the class comment)
        }
        Waiter s = dequeueForRelease();
        if (s == null) {
            return;
        }
        if (handoff && tryAcquire()) {
            s.handoff = true;
        }
        s.wake();
    }

    private Waiter dequeueForRelease() {
        lock();
        if (nwait == 0) {
            unlock(); // another release took the last waiter
            return null;
        }
        Waiter s = first();
        if (s == null) {
            throw new SyncFault("Sema.release: nwait > 0 but the queue is empty");
        }
        unlink(s);
        NWAIT.getAndAdd(this, -1);
        unlock();
        return s;
    }

    private static final VarHandle COUNT;
    private static final VarHandle NWAIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(Sema.class, "count", int.class);
            NWAIT = l.findVarHandle(Sema.class, "nwait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
