package io.golib.chan;

/**
 * One goroutine (or plain thread) waiting on one channel: a node of a channel's send or receive
 * queue. Port of go1.22 runtime/runtime2.go: sudog (the fields channels use).
 *
 * <p>A plain operation uses its {@link Parker}, which is a waiter itself (one object less per
 * goroutine that uses channels); a select uses one {@link CaseWaiter} per case from the parker's
 * cache, so a blocked goroutine may sit in many queues at once, all its waiters pointing at the
 * same parker.
 *
 * <p>Guarded by the lock of {@link #chan} while enqueued: {@code next}, {@code prev}, the element
 * ({@code ref}, {@code bits}) and {@code success}. The waker fills the element and {@code success},
 * dequeues the waiter, then wakes its parker; the owner reads them after it wakes, ordered by the
 * wake (the scheduler's status CAS, or the parker's volatile flag).
 */
abstract class Waiter {
    /** The channel whose queue holds it, or null when idle (sg.c). */
    HChan chan;
    /** Queue links (sg.next, sg.prev). */
    Waiter next;
    Waiter prev;
    /** The element: a reference for {@code Chan}, raw bits for the primitive channels (sg.elem).
     *  A sender's value before the hand-off; the received value after it. */
    Object ref;
    long bits;
    /** True when woken by a completed hand-off, false when woken by close (sg.success). */
    boolean success;
    /** Part of a select: a waker must first win the parker's select (sg.isSelect). */
    boolean isSelect;

    /** The goroutine or thread this waiter belongs to (Go's sg.g). */
    abstract Parker parker();

    /**
     * Readies the waiter for one wait on {@code c}: the element to send (or none for a receive),
     * not yet completed. Owner only, before enqueueing it under {@code c}'s lock.
     */
    void prepare(HChan c, Object ref, long bits, boolean isSelect) {
        this.chan = c;
        this.ref = ref;
        this.bits = bits;
        this.success = false;
        this.isSelect = isSelect;
    }

    /** Forgets the last operation so the waiter keeps nothing alive. Owner only, not enqueued. */
    void clear() {
        chan = null;
        ref = null;
        bits = 0;
        success = false;
        isSelect = false;
    }
}
