package io.golib.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One entry of a per-P timer heap ({@link Timers}): a deadline, an optional period and the action
 * {@link #fire} that runs when the deadline passes. Port of go1.23 runtime/time.go: timer (the
 * fields the heap needs: when, period, f, ts; the heap index of the older timer, t.i).
 *
 * <p>An abstract class rather than a final class holding a callback: the owner (a sleeping G, a
 * {@code time.Timer}, a ticker) extends it, so arming a timer allocates nothing beyond the owner,
 * as Go embeds {@code timer} in {@code timeTimer} and in {@code g}.
 *
 * <h2>States</h2>
 * <ul>
 *   <li><b>Idle</b>: {@code heap == null}, {@code index == -1}. Nobody holds it; any thread may arm
 *       it through {@link Timers#add} or {@link Timers#modify}, which claim it with a CAS on
 *       {@code heap} (null → that heap) while holding that heap's lock.
 *   <li><b>Pending</b>: {@code heap != null}, {@code heap.nodes[index] == this}. All fields but
 *       {@code heap} belong to {@code heap}'s lock. Leaves this state when {@link Timers#remove}
 *       takes it out, when {@link Timers#run} fires it (one-shot timers only; a periodic one stays
 *       pending, re-armed) or moves to another heap in {@link Timers#moveAllTo}.
 * </ul>
 *
 * <p>Invariant: {@code heap != null} iff the timer is pending, and then {@code index} is its slot
 * in that heap. {@code heap} changes only while holding the lock of the heap it leaves or enters
 * (both, for a move), so a thread that read {@code heap == h}, locked {@code h} and still reads
 * {@code heap == h} owns the timer until it unlocks (the "lock and recheck" protocol, see
 * {@link Timers}).
 */
abstract class TimerNode {
    /** The heap holding this timer, or null when idle. Volatile: read without a lock to find the
     *  lock to take, then re-read under it. Written only holding the lock of the heap it leaves or
     *  enters; the null → heap transition is a CAS ({@link #casHeap}). */
    volatile Timers heap;
    /** Slot in {@code heap.nodes}, -1 when idle. Guarded by {@code heap}'s lock. */
    int index = -1;
    /** Deadline, a {@link System#nanoTime()} value; meaningful while pending. Guarded by
     *  {@code heap}'s lock. */
    long when;
    /** 0 for a one-shot timer; otherwise it re-arms at {@code when + period * k} when it fires
     *  (Go's ticker). Guarded by {@code heap}'s lock while pending; set by whoever arms it. */
    long period;
    /** Arming order, from {@link Timers#nextSeq()}: breaks ties among equal deadlines so they fire
     *  first armed, first fired. Guarded by {@code heap}'s lock. */
    long seq;

    private static final VarHandle HEAP;

    static {
        try {
            HEAP = MethodHandles.lookup().findVarHandle(TimerNode.class, "heap", Timers.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A new idle one-shot timer. */
    TimerNode() {
    }

    /**
     * The action, called by {@link Timers#run} with no {@link Timers} lock held (Go unlocks
     * {@code ts.mu} around {@code f}), so it may add, remove or modify timers in any heap,
     * including the one running it. It must not block: it runs on the scheduler's thread.
     *
     * <p>The call is not atomic with the dequeue: a {@link Timers#modify} or {@link Timers#remove}
     * racing with {@code run} may come just after this timer was taken for firing. Go resolves
     * the same race for channel timers with {@code t.seq}; an owner that needs to drop stale
     * firings keeps its own generation number.
     *
     * @param now the time {@code run} was given; for a periodic timer {@code when} has already been
     *     moved to the next period
     */
    abstract void fire(long now);

    /** Whether the timer is pending in some heap (racy unless the caller holds that heap's lock). */
    final boolean isPending() {
        return heap != null;
    }

    /** The deadline; exact only under the lock of the heap holding it, or while idle. */
    final long when() {
        return when;
    }

    /** The period (0 for one-shot); exact only under the lock of the heap holding it. */
    final long period() {
        return period;
    }

    /** CAS of {@code heap}; {@link Timers} uses it only from null, to claim an idle timer for
     *  {@code to}, holding {@code to}'s lock. */
    final boolean casHeap(Timers expected, Timers to) {
        return HEAP.compareAndSet(this, expected, to);
    }
}
