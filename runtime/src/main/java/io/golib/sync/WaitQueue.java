package io.golib.sync;

/**
 * A spin-locked, doubly linked queue of {@link Waiter}s: what {@link Sema} (Go's semaRoot) and
 * {@link NotifyList} (Go's notifyList) both keep, each with its own policy on top.
 *
 * <p>Invariants, under the lock: {@code head}/{@code tail} link every queued waiter through
 * {@code prev}/{@code next}; a waiter is queued exactly when {@link Waiter#queued} is set. Every
 * method here is called with the lock held.
 */
abstract class WaitQueue extends SpinLock {
    private Waiter head;
    private Waiter tail;

    /** The first waiter, or null. */
    final Waiter first() {
        assert isHeld();
        return head;
    }

    /** Queues {@code w} last (FIFO), or first if {@code lifo}. */
    final void enqueue(Waiter w, boolean lifo) {
        assert isHeld();
        w.queued = true;
        if (head == null) {
            w.prev = null;
            w.next = null;
            head = w;
            tail = w;
        } else if (lifo) {
            w.prev = null;
            w.next = head;
            head.prev = w;
            head = w;
        } else {
            w.next = null;
            w.prev = tail;
            tail.next = w;
            tail = w;
        }
    }

    /** Takes {@code w}, which is queued, out of the queue. */
    final void unlink(Waiter w) {
        assert isHeld();
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
    }

    /**
     * Empties the queue; returns its former head. The waiters stay linked through {@code next}
     * (still marked queued) for the caller to walk with {@link #detach} once it has unlocked.
     */
    final Waiter takeAll() {
        assert isHeld();
        Waiter s = head;
        head = null;
        tail = null;
        return s;
    }

    /** One step of walking a {@link #takeAll} chain: unlinks {@code w}, returns the next. */
    static Waiter detach(Waiter w) {
        Waiter next = w.next;
        w.next = null;
        w.prev = null;
        w.queued = false;
        return next;
    }
}
