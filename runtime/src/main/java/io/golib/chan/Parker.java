package io.golib.chan;

import io.golib.runtime.sched.ForeignThreads;
import io.golib.runtime.sched.G;
import io.golib.runtime.sched.Sched;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiting side of one goroutine, or of one plain Java thread, for channel operations: how it
 * blocks and is woken, the fields Go keeps on the {@code g} for channels ({@code param},
 * {@code selectDone}), and from its first select a {@link SelectScratch} (the per-case waiters,
 * Go's per-P sudog cache, and the orders). Port of the channel parts of go1.22
 * runtime/runtime2.go: g. It is itself the waiter of its plain sends and receives (a
 * {@link Waiter}), so a goroutine blocked on a channel costs one object here, not two.
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
    private static final ThreadLocal<Parker> THREAD_PARKERS = ThreadLocal.withInitial(() -> {
        ForeignThreads.touch();
        return new Parker(Thread.currentThread());
    });

    /** The goroutine ({@link G}) or the plain {@link Thread} that waits. Immutable. */
    private final Object owner;
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

    /** What selects need, made on the first one (owner only). */
    private SelectScratch scratch;

    /**
     * The parker of {@code owner}, a {@link G} or a plain {@link Thread}. Its inherited element
     * fields ({@code ref}, {@code bits}, {@code success}) are also where a receive leaves its
     * result, Go's {@code v, ok}: a receive (plain or select) fills them while the parker's own
     * waiter is in no queue, or the waker fills them while it is; the caller reads them and
     * clears {@code ref}.
     */
    private Parker(Object owner) {
        this.owner = owner;
    }

    @Override
    Parker parker() {
        return this;
    }

    /** The reference a receive left here, cleared so the parker keeps nothing alive. Owner. */
    Object takeRef() {
        Object v = ref;
        ref = null;
        return v;
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
        Parker p = new Parker(g);
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
        if (owner instanceof G) {
            ((G) owner).prepark(reason, unlock, arg);
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
        ForeignThreads.endWait((Thread) owner);
        signalled = false;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** goready: makes the blocked owner run again. Any thread, exactly once per block. */
    void wake() {
        if (owner instanceof G) {
            Sched.get().ready((G) owner);
        } else {
            Thread thread = (Thread) owner;
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

    /** This parker's select scratch, made on first use. Owner only. */
    SelectScratch scratch() {
        SelectScratch s = scratch;
        if (s == null) {
            s = new SelectScratch();
            scratch = s;
        }
        return s;
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
