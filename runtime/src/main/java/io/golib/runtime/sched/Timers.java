package io.golib.runtime.sched;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A per-P set of timers: a 4-ary min-heap of {@link TimerNode}s ordered by deadline, run by the
 * scheduler when their time comes. Port of go1.23 runtime/time.go (read at golang/go@2297c34, the
 * go1.24 development tree, whose timers code is go1.23's plus synctest): {@code timers} (heap, mu,
 * len, minWhenHeap), {@code addHeap}, {@code deleteMin}, {@code siftUp}, {@code siftDown},
 * {@code take}, {@code updateMinWhenHeap}, {@code wakeTime}, {@code verify}, {@code check} and
 * {@code run}/{@code unlockAndRun} (the ticker re-arm arithmetic, unlocking around {@code f});
 * removal at a known index follows the older {@code deltimer} (golang/go@04ca921, which kept
 * {@code t.i}).
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li><b>Deadline</b> ({@code when}): a {@link System#nanoTime()} value. Deadlines are compared
 *       with plain {@code <}, as Go compares {@code nanotime()}: HotSpot's nanoTime counts from
 *       boot on Linux, macOS and Windows, so it is positive and centuries from overflowing. A
 *       periodic re-arm that overflows saturates at {@link Long#MAX_VALUE} (Go's {@code maxWhen}),
 *       which in practice means never.
 *   <li><b>Pending</b>: in a heap, waiting for its deadline (see {@link TimerNode}'s states).
 *   <li><b>Arming</b>: {@link #add} or {@link #modify} giving a timer a deadline and a fresh
 *       sequence number; the heap breaks deadline ties by sequence, so equal deadlines fire in
 *       arming order (first armed, first fired), also after {@link #moveAllTo}, because the
 *       sequence is global.
 * </ul>
 *
 * <h2>Invariants (under {@link #lock})</h2>
 * <ul>
 *   <li>Heap order: for every {@code i > 0}, {@code nodes[(i - 1) / 4]} is not after
 *       {@code nodes[i]} in (when, seq) order; {@code nodes[0]} is the next to fire.
 *   <li>Back-links: for {@code i < size}, {@code nodes[i].heap == this} and
 *       {@code nodes[i].index == i}; slots from {@code size} on are null (no leaked timers).
 *   <li>Published copies: outside the lock, {@link #len} = {@code size} and {@link #minWhen} =
 *       {@code nodes[0].when} (or {@link Long#MAX_VALUE} when empty). They are written at
 *       {@link #unlock()} only, as Go stores {@code ts.len} at unlock, so a reader never sees the
 *       transient state of an operation (e.g. the empty heap between removing the only timer and
 *       adding it back).
 * </ul>
 * {@link #checkInvariants()} checks all of them; tests call it after every operation.
 *
 * <h2>The chosen approach: one lock per heap, eager removal</h2>
 * Timers are added by the goroutine's own P but stopped or reset from any thread (the goroutine
 * may have moved to another P, the timer may have moved in {@link #moveAllTo}). Every operation
 * locks the heap that holds the timer, found by the <b>lock and recheck</b> protocol: read
 * {@code t.heap} (volatile), lock it, and proceed only if {@code t.heap} is still that heap;
 * otherwise the timer left or moved in between, so look again. {@code t.heap} changes only under
 * the lock of the heap it leaves or enters, so after the recheck the timer belongs to the caller
 * until it unlocks. An idle timer ({@code t.heap == null}) is claimed by a CAS from null to the
 * arming heap, made holding that heap's lock: two threads arming the same idle timer into two
 * heaps hold two different locks, and the CAS lets exactly one win.
 *
 * <p>Rejected: Go's lazy removal (since go1.14; in go1.23 the {@code timerZombie} and
 * {@code timerModified} bits set under the timer's own {@code t.mu}, cleaned up later by the
 * owning P in {@code adjust} and {@code cleanHead}). It avoids taking another P's heap lock on every Stop/Reset, at the price of
 * a second lock per timer, a lock order between the two, {@code minWhenModified} and its
 * four-step publication dance. golib's carriers are few and Stop/Reset from a foreign P are rare;
 * one lock with O(log n) eager removal is simpler and keeps {@link #nextWhen()} exact. The API
 * does not expose the choice, so lazy removal can replace it if contention shows.
 *
 * <p>Rejected: a binary heap or {@link java.util.PriorityQueue}. Go uses a 4-ary heap
 * ({@code timerHeapN}): half the depth, and the four children of a node sit side by side in the
 * array. {@code PriorityQueue} has no O(log n) removal of an element it did not return.
 *
 * <h2>Locks</h2>
 * <pre>
 *   Timers.lock  (leaf: nothing is acquired while holding it)
 *     except     moveAllTo holds two heaps' locks, taken in increasing {@link #id} order
 * </pre>
 * {@link TimerNode#fire} runs with no {@code Timers} lock held, so a callback may arm, stop or
 * run timers of any heap, this one included.
 *
 * <h2>Who may call</h2>
 * Every method is safe from any thread. By convention the scheduler calls {@link #add},
 * {@link #run} and {@link #moveAllTo} on the current P's heap (Go adds to the current P's heap,
 * and runs another P's heap only when stealing); {@link #remove} and {@link #modify} come from any
 * thread.
 */
final class Timers {
    /** Children per node; Go's {@code timerHeapN}. */
    private static final int ARITY = 4;
    /** First capacity of {@link #nodes}: a P usually has few timers (sleeps, a ticker). */
    private static final int INITIAL_CAPACITY = 8;

    /** Source of {@link #id}. */
    private static final AtomicLong IDS = new AtomicLong();
    /** Source of {@link TimerNode#seq}: global, so arming order is also comparable between timers
     *  that were armed in different heaps and later met in one by {@link #moveAllTo}. */
    private static final AtomicLong SEQ = new AtomicLong();

    /** Unique, immutable: the lock order of {@link #moveAllTo}. */
    private final long id = IDS.incrementAndGet();
    /** Guards {@link #nodes}, {@link #size} and the fields of the timers in the heap. Never held
     *  while calling {@link TimerNode#fire}. A {@code ReentrantLock} rather than a monitor for
     *  {@link ReentrantLock#isHeldByCurrentThread()} in assertions; it is never re-entered (a
     *  callback that runs this heap again does so after {@link #run} released it). */
    private final ReentrantLock lock = new ReentrantLock();
    /** The heap array; slots {@code [0, size)} hold the pending timers. Guarded by {@link #lock}. */
    private TimerNode[] nodes = new TimerNode[INITIAL_CAPACITY];
    /** Number of pending timers. Guarded by {@link #lock}. */
    private int size;
    /** {@link #size} as of the last {@link #unlock()}; Go's {@code ts.len}. Volatile: written
     *  under the lock, read without it. */
    private volatile int len;
    /** Earliest deadline as of the last {@link #unlock()}, {@link Long#MAX_VALUE} if empty; Go's
     *  {@code ts.minWhenHeap} (which uses 0 for empty). Volatile: written under the lock, read
     *  without it by {@link #nextWhen()} and the fast path of {@link #run}. */
    private volatile long minWhen = Long.MAX_VALUE;

    /**
     * A broken invariant of the timer heap: a bug in golib, never a user mistake (Go's
     * {@code badTimer}: "timer data corruption"). Messages are constant and start with the method
     * that found it. Never caught by golib.
     */
    static final class TimerFault extends Error {
        private static final long serialVersionUID = 1L;

        TimerFault(String message) {
            super(message);
        }
    }

    /** An empty heap. */
    Timers() {
    }

    // ---------------------------------------------------------------------------------------
    // Locking

    /** Releases {@link #lock}, first publishing {@link #len} and {@link #minWhen} (Go's
     *  {@code timers.unlock}, plus {@code updateMinWhenHeap}). Lock must be held. */
    private void unlock() {
        assert lock.isHeldByCurrentThread() : "unlock: lock not held";
        len = size;
        minWhen = size == 0 ? Long.MAX_VALUE : nodes[0].when;
        lock.unlock();
    }

    /** The next sequence number for arming a timer. */
    private static long nextSeq() {
        return SEQ.getAndIncrement();
    }

    // ---------------------------------------------------------------------------------------
    // Arming

    /**
     * Arms the idle timer {@code t} in this heap at {@code when}, keeping its {@code period} (0
     * unless an earlier {@link #modify} set one). Go's {@code addHeap}.
     *
     * @throws TimerFault "add: timer already in a heap" if {@code t} is pending (in any heap)
     */
    void add(TimerNode t, long when) {
        lock.lock();
        try {
            if (!t.casHeap(null, this)) {
                throw new TimerFault("add: timer already in a heap");
            }
            t.when = when;
            t.seq = nextSeq();
            insert(t);
        } finally {
            unlock();
        }
    }

    /**
     * Re-arms {@code t} at {@code when} with {@code period}, pending or not. Go's
     * {@code timer.modify}/{@code reset} (modtimer). A pending timer stays in the heap that holds
     * it, which need not be this one (Go leaves it there too); an idle one is added to this heap.
     * Among equal deadlines the re-armed timer goes last, as if newly armed.
     *
     * @param period 0 for one-shot, else the interval of a ticker
     * @return whether {@code t} was pending, i.e. this call cancelled a firing (Go's
     *     "reports whether the timer was modified before it was run")
     * @throws IllegalArgumentException if {@code period} is negative
     */
    boolean modify(TimerNode t, long when, long period) {
        if (period < 0) {
            throw new IllegalArgumentException("timer period must be non-negative, got " + period);
        }
        for (;;) {
            Timers h = t.heap;
            Timers target = h == null ? this : h;
            target.lock.lock();
            try {
                if (h == null) {
                    if (t.casHeap(null, this)) {
                        t.when = when;
                        t.period = period;
                        t.seq = nextSeq();
                        insert(t);
                        return false;
                    }
                } else if (t.heap == h) {
                    t.when = when;
                    t.period = period;
                    t.seq = nextSeq();
                    h.fix(h.slotOf(t, "modify: heap index mismatch"));
                    return true;
                }
            } finally {
                target.unlock();
            }
            // Lost a race: t was armed, fired, removed or moved between the read and the lock.
        }
    }

    // ---------------------------------------------------------------------------------------
    // Removing

    /**
     * Stops {@code t}: takes it out of whichever heap holds it (this one or another: a timer is
     * stopped by its user, who does not know where it went). Go's {@code deltimer}/{@code stop}.
     *
     * @return whether {@code t} was pending; false if it was idle, or already taken by
     *     {@link #run} for firing (the firing may still be under way)
     */
    boolean remove(TimerNode t) {
        for (;;) {
            Timers h = t.heap;
            if (h == null) {
                return false;
            }
            h.lock.lock();
            try {
                if (t.heap == h) {
                    h.unlink(t);
                    return true;
                }
            } finally {
                h.unlock();
            }
            // Lost a race: t fired, was removed or moved between the read and the lock.
        }
    }

    // ---------------------------------------------------------------------------------------
    // Running

    /**
     * Fires, in deadline order, every timer due at {@code now}: {@code when <= now}. A one-shot
     * timer leaves the heap before it fires; a periodic one is first re-armed at the first
     * {@code when + k * period} after {@code now} (missed periods are skipped, as Go's ticker
     * drops ticks). The lock is released around each {@link TimerNode#fire}. Timers armed by the
     * callbacks with a deadline {@code <= now} fire in this same call. Go's {@code timers.check}
     * loop over {@code run}/{@code unlockAndRun}.
     *
     * <p>If a callback throws, the exception propagates after the lock is released; the timers
     * not yet fired stay pending.
     *
     * @return the number of timers fired
     */
    int run(long now) {
        // Fast path, no lock (Go's check reads wakeTime first). The racy read is safe: minWhen is
        // the earliest deadline as of the last unlock. If it is after now, no timer was due then;
        // a due timer armed by a critical section that has not unlocked yet is concurrent with
        // this call, and this call linearizes before it.
        if (now < minWhen) {
            return 0;
        }
        int fired = 0;
        lock.lock();
        try {
            while (size > 0) {
                TimerNode t = nodes[0];
                if (t.when > now) {
                    break;
                }
                if (t.period > 0) {
                    // Leave in the heap, re-armed before firing (Go's unlockAndRun).
                    t.when = nextPeriodic(t.when, t.period, now);
                    t.seq = nextSeq();
                    siftDown(0);
                } else {
                    unlink(t);
                }
                unlock();
                try {
                    t.fire(now);
                } finally {
                    lock.lock();
                }
                fired++;
            }
        } finally {
            unlock();
        }
        return fired;
    }

    /**
     * The next deadline of a ticker due at {@code when <= now}: {@code when + period * (1 + (now
     * - when) / period)}, the first multiple of the period after {@code now}. Go's unlockAndRun,
     * with the overflow check; {@link Long#MAX_VALUE} if it overflows.
     */
    static long nextPeriodic(long when, long period, long now) {
        long periods = 1 + (now - when) / period;
        long step = periods > Long.MAX_VALUE / period ? Long.MAX_VALUE : periods * period;
        long next = when + step;
        // step > 0, so the sum is below when exactly when it wrapped around.
        return next < when ? Long.MAX_VALUE : next;
    }

    // ---------------------------------------------------------------------------------------
    // Reading without the lock

    /**
     * The earliest deadline, {@link Long#MAX_VALUE} if there is none: how long an idle M may sleep
     * (Go's {@code wakeTime}, {@code timeSleepUntil}). No lock: a volatile read of the value
     * published at the last unlock.
     */
    long nextWhen() {
        return minWhen;
    }

    /** The number of pending timers as of the last unlock (Go's {@code ts.len}). No lock. */
    int size() {
        return len;
    }

    /** Whether no timer was pending as of the last unlock. No lock. */
    boolean isEmpty() {
        return len == 0;
    }

    // ---------------------------------------------------------------------------------------
    // Moving

    /**
     * Moves every pending timer to {@code other}, keeping deadlines, periods and sequence
     * numbers; this heap ends empty. Used when a P is destroyed (lowering GOMAXPROCS). Go's
     * {@code timers.take}, which runs with the world stopped; here both heaps are locked instead
     * (in {@link #id} order), so a concurrent {@link #remove} or {@link #modify} either finishes
     * before the move or, by the lock and recheck protocol, finds the timer in {@code other}.
     *
     * @throws TimerFault "moveAllTo: same heap" if {@code other == this}
     */
    void moveAllTo(Timers other) {
        if (other == this) {
            throw new TimerFault("moveAllTo: same heap");
        }
        Timers first = id < other.id ? this : other;
        Timers second = first == this ? other : this;
        first.lock.lock();
        try {
            second.lock.lock();
            try {
                for (int i = 0; i < size; i++) {
                    TimerNode t = nodes[i];
                    slotOf(t, "moveAllTo: heap index mismatch");
                    t.heap = other;
                    other.insert(t);
                }
                nodes = new TimerNode[INITIAL_CAPACITY];
                size = 0;
            } finally {
                second.unlock();
            }
        } finally {
            first.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Heap maintenance. All under the lock.

    /** Appends {@code t} (already claimed: {@code t.heap == this}) and sifts it up. Go's addHeap. */
    private void insert(TimerNode t) {
        assert lock.isHeldByCurrentThread() : "insert: lock not held";
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, nodes.length * 2);
        }
        nodes[size] = t;
        t.index = size;
        size++;
        siftUp(size - 1);
    }

    /** The slot of {@code t}, checked: {@code t} is pending here and its back-link is right
     *  (Go's badTimer checks). Throws {@code fault} otherwise. */
    private int slotOf(TimerNode t, String fault) {
        assert lock.isHeldByCurrentThread() : "slotOf: lock not held";
        int i = t.index;
        if (t.heap != this || i < 0 || i >= size || nodes[i] != t) {
            throw new TimerFault(fault);
        }
        return i;
    }

    /** Takes the pending {@code t} out and makes it idle; the last timer fills its slot. Go's
     *  deleteMin for the root, the old deltimer otherwise. */
    private void unlink(TimerNode t) {
        int i = slotOf(t, "unlink: heap index mismatch");
        int last = --size;
        TimerNode moved = nodes[last];
        nodes[last] = null;
        t.index = -1;
        t.heap = null; // volatile store last: a CAS that sees null also sees index == -1
        if (i != last) {
            nodes[i] = moved;
            moved.index = i;
            fix(i);
        }
    }

    /** Restores heap order after the timer at {@code i} changed its key in either direction. */
    private void fix(int i) {
        if (siftUp(i) == i) {
            siftDown(i);
        }
    }

    /** Whether {@code a} fires before {@code b}: earlier deadline, then earlier arming. */
    private static boolean before(TimerNode a, TimerNode b) {
        return a.when < b.when || (a.when == b.when && a.seq < b.seq);
    }

    /** Moves the timer at {@code i} toward the root to its place; returns where it landed. Go's
     *  siftUp, plus the index back-links of the old siftupTimer. */
    private int siftUp(int i) {
        assert lock.isHeldByCurrentThread() : "siftUp: lock not held";
        if (i >= size) {
            throw new TimerFault("siftUp: index out of range");
        }
        TimerNode t = nodes[i];
        while (i > 0) {
            int parent = (i - 1) / ARITY;
            TimerNode p = nodes[parent];
            if (!before(t, p)) {
                break;
            }
            nodes[i] = p;
            p.index = i;
            i = parent;
        }
        nodes[i] = t;
        t.index = i;
        return i;
    }

    /** Moves the timer at {@code i} toward the leaves to its place: swaps with the earliest of
     *  its up to four children while that child is before it. Go's siftDown. */
    private void siftDown(int i) {
        assert lock.isHeldByCurrentThread() : "siftDown: lock not held";
        int n = size;
        if (i >= n) {
            throw new TimerFault("siftDown: index out of range");
        }
        TimerNode t = nodes[i];
        for (;;) {
            int firstChild = i * ARITY + 1;
            if (firstChild >= n) {
                break;
            }
            int end = Math.min(firstChild + ARITY, n);
            int c = -1;
            TimerNode earliest = t;
            for (int j = firstChild; j < end; j++) {
                if (before(nodes[j], earliest)) {
                    earliest = nodes[j];
                    c = j;
                }
            }
            if (c < 0) {
                break;
            }
            nodes[i] = earliest;
            earliest.index = i;
            i = c;
        }
        nodes[i] = t;
        t.index = i;
    }

    // ---------------------------------------------------------------------------------------
    // Verification (Go's timers.verify), for tests.

    /**
     * Checks every invariant of the class comment under the lock; throws a {@link TimerFault}
     * naming the first one broken. Tests call it after each operation.
     */
    void checkInvariants() {
        lock.lock();
        try {
            if (len != size || minWhen != (size == 0 ? Long.MAX_VALUE : nodes[0].when)) {
                throw new TimerFault("checkInvariants: published len or minWhen is stale");
            }
            for (int i = 0; i < size; i++) {
                TimerNode t = nodes[i];
                if (t == null) {
                    throw new TimerFault("checkInvariants: hole in the heap");
                }
                if (t.heap != this) {
                    throw new TimerFault("checkInvariants: timer in the wrong heap");
                }
                if (t.index != i) {
                    throw new TimerFault("checkInvariants: heap index mismatch");
                }
                if (i > 0 && before(t, nodes[(i - 1) / ARITY])) {
                    throw new TimerFault("checkInvariants: heap order violated");
                }
            }
            for (int i = size; i < nodes.length; i++) {
                if (nodes[i] != null) {
                    throw new TimerFault("checkInvariants: stale slot past the end");
                }
            }
        } finally {
            unlock();
        }
    }

    /** Test hook: the timer at heap slot {@code i}, to pick a root, middle or leaf. */
    TimerNode nodeAt(int i) {
        lock.lock();
        try {
            return i < size ? nodes[i] : null;
        } finally {
            unlock();
        }
    }
}
