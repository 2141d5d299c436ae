package io.golib.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The global run queue: runnable goroutines that belong to no P. Port of go1.22
 * runtime/proc.go: globrunqput, globrunqputhead, globrunqputbatch, globrunqget, and of the
 * gQueue methods they use (push, pushBack, pushBackAll, pop); the single-G {@link #get} follows
 * the later split of globrunqget into globrunqget/globrunqgetbatch.
 *
 * <p>An intrusive FIFO linked through {@link G#schedlink}: no allocation per G, and a G is on at
 * most one such list at a time (Go's gQueue rule).
 *
 * <p>Guarded by the scheduler lock ({@code sched.lock}), a monitor given to the constructor and
 * held by every caller; each method asserts it. The lock is a Java monitor, so it is re-entrant:
 * {@link #grab} may overflow the destination run queue, whose slow path
 * ({@link RunQueue#put}) takes the same lock again and appends here.
 *
 * <p>Invariants (lock held): {@code head == null} iff {@code tail == null} iff {@code size == 0};
 * following {@code schedlink} from {@code head} reaches {@code tail} after {@code size - 1} links;
 * {@code tail.schedlink == null}.
 */
final class GlobalQueue {
    /** The scheduler lock ({@code sched.lock}) that guards every field below. */
    final Object lock;

    /** First G (next to run), or null. Guarded by {@link #lock}. */
    private G head;
    /** Last G, or null. Guarded by {@link #lock}. */
    private G tail;
    /**
     * Number of Gs (Go's sched.runqsize). Plain stores under {@link #lock}; also read without it,
     * as a hint, by {@link #sizeHint} (an int is never torn, so the hint is some recent value).
     */
    private int size;

    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(GlobalQueue.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A global run queue guarded by {@code lock}, the scheduler lock. */
    GlobalQueue(Object lock) {
        this.lock = lock;
    }

    // ---------------------------------------------------------------- put

    /**
     * Puts {@code gp} at the tail. Port of globrunqput (gQueue.pushBack).
     * sched.lock must be held.
     */
    void put(G gp) {
        assert Thread.holdsLock(lock) : "globrunqput: sched.lock not held";
        gp.schedlink = null;
        if (tail != null) {
            tail.schedlink = gp;
        } else {
            head = gp;
        }
        tail = gp;
        size++;
    }

    /**
     * Puts {@code gp} at the head, so it runs next (used to re-queue a G that was about to run).
     * Port of globrunqputhead (gQueue.push). sched.lock must be held.
     */
    void putHead(G gp) {
        assert Thread.holdsLock(lock) : "globrunqputhead: sched.lock not held";
        gp.schedlink = head;
        head = gp;
        if (tail == null) {
            tail = gp;
        }
        size++;
    }

    /**
     * Appends the {@code n} Gs linked through {@code schedlink} from {@code batchHead} to
     * {@code batchTail}. The batch becomes part of this queue: the caller must not use its links
     * afterwards. Port of globrunqputbatch (gQueue.pushBackAll). sched.lock must be held.
     */
    void putBatch(G batchHead, G batchTail, int n) {
        assert Thread.holdsLock(lock) : "globrunqputbatch: sched.lock not held";
        assert n > 0 && batchHead != null && batchTail != null : "globrunqputbatch: empty batch";
        batchTail.schedlink = null;
        if (tail != null) {
            tail.schedlink = batchHead;
        } else {
            head = batchHead;
        }
        tail = batchTail;
        size += n;
    }

    // ---------------------------------------------------------------- get

    /**
     * Takes the G at the head, or returns null if the queue is empty. sched.lock must be held.
     *
     * <p>Unlike Go's gQueue.pop this clears the taken G's {@code schedlink}: in Go the stale link
     * is harmless (the next push overwrites it), in Java it would keep the rest of the list
     * reachable from a G that may live on in a free list.
     */
    G get() {
        assert Thread.holdsLock(lock) : "globrunqget: sched.lock not held";
        G gp = head;
        if (gp == null) {
            return null;
        }
        head = gp.schedlink;
        if (head == null) {
            tail = null;
        }
        gp.schedlink = null;
        size--;
        return gp;
    }

    /**
     * Takes a fair share of the queue for the P that owns {@code into}: returns one G to run and
     * puts the others on {@code into}'s tail, or returns null if the queue is empty. The share is
     * {@code min(size, size / gomaxprocs + 1, max (if max > 0), 128)}: enough that every P gets
     * some, at most half a local queue. Port of go1.22 globrunqget(pp, max).
     *
     * <p>sched.lock must be held, and the caller must own {@code into} (Executed only by the owner
     * P of {@code into}). Go calls it with an empty local queue (findRunnable) or with
     * {@code max == 1} (the 1-in-61 fairness check in schedule), so the share fits; if it does
     * not, {@link RunQueue#put}'s slow path moves half of {@code into} back here (re-entering the
     * lock), as in Go.
     */
    G grab(RunQueue into, int max, int gomaxprocs) {
        assert Thread.holdsLock(lock) : "globrunqget: sched.lock not held";
        assert gomaxprocs > 0 : "globrunqget: gomaxprocs < 1";
        if (size == 0) {
            return null;
        }
        int n = size / gomaxprocs + 1;
        if (n > size) {
            n = size;
        }
        if (max > 0 && n > max) {
            n = max;
        }
        if (n > RunQueue.CAPACITY / 2) {
            n = RunQueue.CAPACITY / 2;
        }
        G gp = get();
        for (n--; n > 0; n--) {
            into.put(get(), false, this);
        }
        return gp;
    }

    // ---------------------------------------------------------------- size

    /** Number of Gs in the queue. sched.lock must be held. */
    int size() {
        assert Thread.holdsLock(lock) : "GlobalQueue.size: sched.lock not held";
        return size;
    }

    /**
     * Number of Gs, read without the lock: may be stale by the time it returns. For the checks Go
     * makes unlocked ({@code if sched.runqsize != 0 { lock(&sched.lock) ... }}): a stale zero
     * only delays a G until the next check, a stale non-zero costs one lock. Can be executed by
     * any thread.
     */
    int sizeHint() {
        return (int) SIZE.getOpaque(this); // opaque: not hoisted out of a polling loop
    }
}
