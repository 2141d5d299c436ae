package io.golib.chan;

import io.golib.runtime.sched.ForeignThreads;
import io.golib.runtime.sched.G;
import io.golib.runtime.sched.Sched;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiting side of one goroutine, or of one plain Java thread, for channel operations: how it
 * blocks and is woken, the fields Go keeps on the {@code g} for channels ({@code param},
 * {@code selectDone}), its reusable waiters (Go's per-P sudog cache) and the scratch a
 * {@code select} needs. Port of the channel parts of go1.22 runtime/runtime2.go: g. It is
 * itself the waiter of its plain sends and receives (a {@link Waiter}), so a goroutine blocked
 * on a channel costs one object here, not two.
 *
 * <p>One parker per goroutine (kept in {@link G#chanLocal()}) and one per plain thread (a
 * thread-local), made on first use. Only its owner touches it, except {@link #selectDone},
 * {@link #param} and {@link #signalled}, which a waker writes as described on each.
 *
 * <p>A goroutine parks in the channel operation's own frame ({@link #prepareBlock}, then
 * {@code Continuation.park()}: it unwinds; the carrier runs others); a plain
 * thread blocks in {@link LockSupport#park}. Either way the channel lock is released only once the
 * waiter can be woken safely: by the scheduler after the goroutine's frames are saved (Go's
 * {@code gopark(unlockf)}), or by the thread itself before it blocks, the flag covering the race.
 */
final class Parker extends Waiter {
    private static final Waiter[] NO_WAITERS = new Waiter[0];
    private static final int[] NO_INTS = new int[0];
    private static final ThreadLocal<Parker> THREAD_PARKERS = ThreadLocal.withInitial(() -> {
        ForeignThreads.touch();
        return new Parker(null, Thread.currentThread());
    });

    /** The goroutine, or null for a plain thread. Immutable. */
    final G g;
    /** The plain thread, or null for a goroutine. Immutable. */
    final Thread thread;
    /**
     * Go's g.selectDone: 0 while a select waits, set to 1 (CAS) by the one waker that wins it, so
     * the other channels' wakers skip this parker's waiters. Reset by the owner under the select's
     * channel locks.
     */
    private volatile int selectDone;
    /** Go's g.param: the waiter a waker completed, written before the wake, read by the owner
     *  after it (null when a close woke a plain operation, which reads {@code success}). */
    Waiter param;
    /** A plain thread's wake-up flag: set by the waker before {@code unpark}, cleared by the
     *  owner after it sees it. Unused by goroutines. */
    private volatile boolean signalled;

    // ---- select scratch (owner only) ----
    /** One waiter per case of the current select; grown, never shrunk (shared empty until the
     *  first select, so a goroutine that never selects pays nothing). */
    Waiter[] caseWaiters = NO_WAITERS;
    /** pollorder then lockorder, two halves of {@code 2 * cases} ints; grown, never shrunk. */
    int[] order = NO_INTS;
    /** The cases of the select being parked, for {@link #unlockSelect}; null otherwise. */
    SelectCase[] selecting;
    int selectingCount;
    /** The received value of the last select's receive case, and whether it was a value. */
    Object resultRef;
    long resultBits;
    boolean resultOk;
    /** xorshift state for select's poll order (Go's cheaprand); never 0. */
    private int seed;

    private Parker(G g, Thread thread) {
        this.g = g;
        this.thread = thread;
        int s = ThreadLocalRandom.current().nextInt();
        this.seed = s == 0 ? 0x9E3779B9 : s;
    }

    /** The parker of the running goroutine, or of this plain thread. */
    static Parker current() {
        G g = Sched.currentG();
        if (g == null) {
            return THREAD_PARKERS.get();
        }
        Object local = g.chanLocal();
        if (local != null) {
            return (Parker) local;
        }
        Parker p = new Parker(g, null);
        g.chanLocal(p);
        return p;
    }

    /**
     * Blocks the owner until {@link #wake}, in two halves so that a goroutine parks in the
     * caller's own frame (each frame between the operation and the park would be saved and
     * restored on every park): a plain thread blocks here in {@code LockSupport.park} and gets
     * {@code false} once woken; a goroutine gets {@code true} with its park armed (gopark's
     * reason and unlock function) and must call {@code Continuation.park()} at once:
     * <pre>{@code if (p.prepareBlock(reason, unlock, arg)) { Continuation.park(); }}</pre>
     * {@code unlock.unlock(g, arg)} releases the lock(s) that made the wait visible, once it is
     * safe to be woken. Owner only; the caller holds those locks.
     */
    boolean prepareBlock(String reason, G.Unlocker unlock, Object arg) {
        if (g != null) {
            g.prepark(reason, unlock, arg);
            return true;
        }
        ForeignThreads.beginWait(); // before a waker can see us: see ForeignThreads.endWait
        unlock.unlock(null, arg);
        awaitSignal();
        return false;
    }

    private void awaitSignal() {
        boolean interrupted = false;
        while (!signalled) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true; // channel waits are not interruptible, as in Go
            }
        }
        ForeignThreads.endWait(thread);
        signalled = false;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** goready: makes the blocked owner run again. Any thread, exactly once per block. */
    void wake() {
        if (g != null) {
            Sched.get().ready(g);
        } else {
            ForeignThreads.endWait(thread); // first: the thread may wait again once signalled
            signalled = true;
            LockSupport.unpark(thread);
        }
    }

    // ---- select support ----

    /** Arms a select: no waker has won it yet. Owner, holding the select's channel locks. */
    void resetSelect() {
        selectDone = 0;
    }

    /** A waker's claim on this parker's select; true for exactly one waker (Go's
     *  {@code sgp.g.selectDone.CompareAndSwap(0, 1)}). */
    boolean winSelect() {
        return SELECT_DONE.compareAndSet(this, 0, 1);
    }

    /** Go's cheaprandn: a pseudo-random number in [0, n). Owner only. */
    int nextRandom(int n) {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (int) (((x & 0xFFFFFFFFL) * n) >>> 32);
    }

    /** The waiter for case {@code i} of a select of {@code n} cases. Owner only. */
    Waiter caseWaiter(int i, int n) {
        if (caseWaiters.length < n) {
            caseWaiters = java.util.Arrays.copyOf(caseWaiters, Math.max(n, 4));
        }
        Waiter w = caseWaiters[i];
        if (w == null) {
            w = new Waiter(this);
            caseWaiters[i] = w;
        }
        return w;
    }

    /** Scratch for pollorder and lockorder of {@code n} cases. Owner only. */
    int[] order(int n) {
        if (order.length < 2 * n) {
            order = new int[Math.max(2 * n, 8)];
        }
        return order;
    }

    private static final java.lang.invoke.VarHandle SELECT_DONE;

    static {
        try {
            SELECT_DONE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Parker.class,
                    "selectDone", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
