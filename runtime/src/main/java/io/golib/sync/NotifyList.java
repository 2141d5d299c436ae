package io.golib.sync;

import io.golib.Goroutine;
import io.golib.runtime.sched.ForeignThreads;
import io.golib.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Cond's wait queue: a ticket-based notification list. Port of go1.22 runtime/sema.go:
 * notifyList, less, notifyListAdd, notifyListWait, notifyListNotifyOne, notifyListNotifyAll.
 *
 * <p>A waiter takes a ticket ({@link #add}) while it still holds the Cond's lock, releases the
 * lock, then waits for that ticket ({@link #await}). Notifications go by ticket order: tickets
 * below {@link #notify} count as notified, so a notification sent between taking a ticket and
 * queueing is not lost (the waiter sees it and does not sleep). Tickets wrap around; they are
 * compared by {@link #less}, which holds while fewer than 2^31 waiters are pending.
 *
 * <h2>Withdrawal (not in Go)</h2>
 * A timed or interrupted waiter that leaves before its ticket is notified leaves a <em>dead
 * ticket</em>. {@link #notifyOne} must not spend a notification on it, or a live waiter would
 * sleep through a signal meant for it. Dead tickets at or above {@link #notify} are kept as
 * disjoint, non-adjacent ranges {@code [lo, hi)} in {@link #dead}, sorted by ticket; invariant:
 * {@link #notify} itself is never dead (it skips a dead range as soon as it reaches one). The
 * ranges are few: at most one more than the live tickets between them. Rejected: keeping dead
 * waiters in the list (one node per abandoned timed wait, unbounded while an older waiter stays),
 * and letting a leaving waiter absorb a notification (a lost wakeup for the others).
 *
 * <p>Invariants under the lock: every queued waiter holds a ticket in {@code [notify, wait)};
 * a waiter whose ticket is below {@code notify} is no longer queued and has been (or is being)
 * woken. Who may call: any goroutine or thread.
 */
final class NotifyList extends WaitQueue {
    /** The next ticket to hand out. Incremented atomically outside the lock. */
    private volatile int wait;
    /** The next ticket to notify. Written under the lock, read without it by the fast paths. */
    private volatile int notify;
    /** Dead ticket ranges {@code lo0, hi0, lo1, hi1, ...}; guarded by the lock. */
    private int[] dead = NO_RANGES;
    /** Used length of {@link #dead} (twice the number of ranges); guarded by the lock. */
    private int deadLength;

    private static final int[] NO_RANGES = new int[0];

    /** less: {@code a < b} for tickets that may wrap around. */
    static boolean less(int a, int b) {
        return a - b < 0;
    }

    /** notifyListAdd: takes a ticket. Any thread, no lock (concurrent adds are fine). */
    int add() {
        return (int) WAIT.getAndAdd(this, 1);
    }

    /**
     * notifyListWait: returns once ticket {@code t} has been notified, parking the goroutine (or
     * blocking the plain thread) until then. {@code reason} is the goroutine's wait reason.
     */
    @Goroutine
    void await(int t, String reason) {
        Waiter w = queueUnlessNotified(t, Waiter.forCaller());
        if (w == null) {
            return;
        }
        if (w.g != null) {
            Sched.park(reason, UNLOCK_AFTER_PARK, this);
        } else {
            ForeignThreads.beginWait(); // before a waker can see us: see ForeignThreads
            unlock();
            w.block();
        }
    }

    /**
     * notifyListWait for a blocking waiter that may leave: returns {@link Waiter#OK} once
     * {@code t} is notified, or {@link Waiter#TIMED_OUT} / {@link Waiter#INTERRUPTED} having left
     * the list, {@code t} now dead (see the class comment).
     */
    int awaitTimed(int t, boolean timed, long deadline, boolean interruptible) {
        Waiter w = queueUnlessNotified(t, Waiter.blocking());
        if (w == null) {
            return Waiter.OK;
        }
        unlock();
        int r = w.block(timed, deadline, interruptible);
        if (r == Waiter.OK || !withdraw(w)) {
            w.block(); // notified, possibly while timing out: the wake is on its way
            return Waiter.OK;
        }
        return r;
    }

    /**
     * Gives up ticket {@code t}, taken but never waited for (the Cond's unlock failed). If it was
     * already notified, the notification passes on to the next waiter: spurious for that waiter
     * if it came from a broadcast, but never lost.
     */
    void cancel(int t) {
        lock();
        if (!less(t, notify)) {
            markDead(t);
            unlock();
            return;
        }
        unlock();
        notifyOne();
    }

    /** Locks; returns null (unlocked) if {@code t} was notified, else {@code w} queued, locked. */
    private Waiter queueUnlessNotified(int t, Waiter w) {
        lock();
        if (less(t, notify)) {
            unlock();
            return null;
        }
        w.ticket = t;
        enqueue(w, false); // the queue stays roughly in ticket order
        return w;
    }

    /** A blocking waiter leaves: true if its ticket was not notified (it is now dead). */
    private boolean withdraw(Waiter w) {
        lock();
        if (less(w.ticket, notify)) {
            unlock();
            return false;
        }
        unlink(w); // not notified, so still queued (class invariant)
        markDead(w.ticket);
        unlock();
        return true;
    }

    /** notifyListNotifyOne: notifies the oldest ticket not yet notified, if any. */
    void notifyOne() {
        // Fast path: no new waiters since the last notification (Go's, read without the lock).
        if (wait == notify) {
            return;
        }
        Waiter s = takeOne();
        if (s != null) {
            s.wake();
        }
    }

    private Waiter takeOne() {
        lock();
        int t = notify;
        if (t == wait) {
            unlock();
            return null;
        }
        setNotify(t + 1);
        // Find the waiter holding t. If it has not queued yet it will see the new notify and not
        // sleep. The scan stops early: waiters queue roughly in ticket order (Go's argument).
        for (Waiter s = first(); s != null; s = s.next) {
            if (s.ticket == t) {
                unlink(s);
                unlock();
                return s;
            }
        }
        unlock();
        return null;
    }

    /** notifyListNotifyAll: notifies every ticket handed out so far. */
    void notifyAllWaiters() {
        if (wait == notify) {
            return;
        }
        Waiter s = notifyEveryTicket();
        while (s != null) {
            Waiter next = detach(s);
            s.wake();
            s = next;
        }
    }

    private Waiter notifyEveryTicket() {
        lock();
        Waiter s = takeAll();
        // Every earlier ticket is in the list we took, or will see it was notified when it
        // tries to queue. Dead tickets all lie below wait, so none is left.
        NOTIFY.setVolatile(this, wait);
        deadLength = 0;
        unlock();
        return s;
    }

    // =========================================================================================
    // The dead tickets (lock held)
    // =========================================================================================

    /** Moves notify to {@code to}, then past the dead range starting there, if any. */
    private void setNotify(int to) {
        assert isHeld();
        if (deadLength > 0 && dead[0] == to) {
            to = dead[1];
            System.arraycopy(dead, 2, dead, 0, deadLength - 2);
            deadLength -= 2;
        }
        NOTIFY.setVolatile(this, to);
    }

    /** Records ticket {@code t} (not notified, so {@code t >= notify}) as dead. */
    private void markDead(int t) {
        assert isHeld() && !less(t, notify);
        if (t == notify) {
            setNotify(t + 1);
            return;
        }
        // i: the first range starting above t. Ranges before it end at or below t.
        int i = 0;
        while (i < deadLength && !less(t, dead[i])) {
            i += 2;
        }
        boolean joinsLeft = i > 0 && dead[i - 1] == t;
        boolean joinsRight = i < deadLength && dead[i] == t + 1;
        if (joinsLeft && joinsRight) {
            dead[i - 1] = dead[i + 1];
            System.arraycopy(dead, i + 2, dead, i, deadLength - i - 2);
            deadLength -= 2;
        } else if (joinsLeft) {
            dead[i - 1] = t + 1;
        } else if (joinsRight) {
            dead[i] = t;
        } else {
            if (deadLength == dead.length) {
                dead = java.util.Arrays.copyOf(dead, Math.max(8, 2 * dead.length));
            }
            System.arraycopy(dead, i, dead, i + 2, deadLength - i);
            dead[i] = t;
            dead[i + 1] = t + 1;
            deadLength += 2;
        }
    }

    private static final VarHandle WAIT;
    private static final VarHandle NOTIFY;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAIT = l.findVarHandle(NotifyList.class, "wait", int.class);
            NOTIFY = l.findVarHandle(NotifyList.class, "notify", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
