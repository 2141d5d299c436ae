package io.golib.context;

import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;

import io.golib.Go;
import io.golib.chan.Chan;
import io.golib.chan.RecvChan;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cancellable context ({@link Context#withCancel}), and the cancellation tree: each one keeps
 * its cancellable children, and cancelling it cancels them. Port of go1.22 context/context.go:
 * {@code cancelCtx} ({@code Done}, {@code Err}, {@code Value}, {@code cancel}, {@code String}),
 * {@code propagateCancel}, {@code parentCancelCtx}, {@code removeChild}, {@code closedchan},
 * {@code cancelCtxKey}, {@code goroutines} (without {@code Cause} and {@code AfterFunc}, which
 * golib's API does not offer).
 *
 * <h2>Invariants (under the monitor of {@code this}, Go's {@code c.mu})</h2>
 * <ul>
 *   <li>{@link #err} goes from null to non-null once, in {@link #cancel(boolean, ContextError)},
 *       which in the same critical section closes the done channel (or installs
 *       {@link #CLOSED}) and cancels every child.
 *   <li>{@link #children} holds the cancellable children registered by
 *       {@link #propagateCancel} and not yet cancelled; it is null once {@code err} is set, so
 *       nothing registers under a done context (a late child is cancelled on the spot instead).
 *   <li>A cancelled child is removed from its parent's {@code children} by its own cancel
 *       ({@link #removeChild}), or the parent's cancel drops the whole set: a cancelled subtree
 *       is not referenced from above.
 * </ul>
 *
 * <h2>Locks</h2>
 * The monitor of each {@code CancelCtx} (private to the package: a user sees a
 * {@link CancelContext}). A parent's cancel holds its monitor while it cancels each child, which
 * takes the child's (Go: "acquiring the child's lock while holding parent's lock"); so monitors
 * nest from parent to child only. Below them: a {@link TimerCtx}'s timer lock and channel
 * locks. {@link #removeChild} and {@link #parentCancelCtx} call the parent's
 * {@code done()}/{@code value()}, which may be user code, with no monitor held. Nothing here
 * parks.
 */
class CancelCtx implements CancelContext {
    /** Go's {@code &cancelCtxKey}: a {@link CancelCtx}'s {@code value} answers it with itself. */
    static final Key<CancelCtx> CANCEL_CTX_KEY = Context.key("cancelCtxKey");

    /** Go's {@code closedchan}: the done channel of a context cancelled before anyone asked for
     *  its channel. Closed at class initialisation. */
    static final Chan<Object> CLOSED = Chan.make();

    static {
        CLOSED.close();
    }

    /** Go's {@code goroutines}: propagation goroutines started, for tests. */
    static final AtomicInteger GOROUTINES = new AtomicInteger();

    /** The parent (Go's embedded {@code Context}). Immutable. */
    final Context parent;
    /** The done channel, made on first {@link #done()} (or {@link #CLOSED} if cancelled
     *  first). Volatile for the lock-free fast path of {@link #done()}; written under the
     *  monitor. Go's {@code done atomic.Value}. */
    private volatile Chan<Object> done;
    /** Registered cancellable children; null before the first and after cancel. Guarded by the
     *  monitor. */
    private Set<CancelCtx> children;
    /** Null until cancelled. Written once under the monitor; volatile for {@link #err()}. */
    private volatile ContextError err;

    CancelCtx(Context parent) {
        this.parent = parent;
    }

    // =========================================================================================
    // Context
    // =========================================================================================

    /** Go's {@code cancelCtx.Done}: made lazily, double-checked under the monitor. */
    @Override
    public RecvChan<?> done() {
        Chan<Object> d = done;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            d = done;
            if (d == null) {
                d = Chan.make();
                done = d;
            }
            return d;
        }
    }

    @Override
    public ContextError err() {
        return err;
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V value(Key<V> key) {
        return (V) ValueCtx.lookup(this, key);
    }

    @Override
    public void cancel() {
        cancel(true, ContextError.CANCELED);
    }

    @Override
    public String toString() {
        return parent + ".WithCancel";
    }

    // =========================================================================================
    // Cancellation
    // =========================================================================================

    /**
     * Closes the done channel, cancels every child with {@code err}, and, if
     * {@code removeFromParent}, unregisters this context from its parent. Does nothing if
     * already cancelled. Go's {@code cancelCtx.cancel}. Any thread.
     *
     * @throws IllegalStateException "context: internal error: missing cancel error" if
     *     {@code err} is null (a parent context that reports done with a null err)
     */
    void cancel(boolean removeFromParent, ContextError err) {
        if (err == null) {
            throw new IllegalStateException("context: internal error: missing cancel error");
        }
        synchronized (this) {
            if (this.err != null) {
                return; // already cancelled
            }
            this.err = err;
            Chan<Object> d = done;
            if (d == null) {
                done = CLOSED;
            } else {
                d.close();
            }
            if (children != null) {
                for (CancelCtx child : children) {
                    child.cancel(false, err); // the child's monitor inside ours: parent → child
                }
                children = null;
            }
        }
        if (removeFromParent) {
            removeChild(parent, this);
        }
    }

    /**
     * Arranges for this context to be cancelled when its parent is. Go's
     * {@code propagateCancel}: nothing for a parent that is never cancelled; cancel at once if
     * the parent is done; register with the nearest golib {@link CancelCtx} if the parent's
     * {@code done()} is that context's; otherwise start a goroutine that waits for the parent or
     * this context to finish (a foreign {@link Context} implementation with its own channel).
     */
    final void propagateCancel() {
        RecvChan<?> pdone = parent.done();
        if (pdone == EmptyCtx.NEVER) {
            return; // parent is never cancelled (Go: Done() == nil)
        }
        ContextError perr = parent.err();
        if (perr != null) {
            // The parent is already done (Go: case <-done). Asked of err(), not of the channel:
            // a golib context sets err before it closes done, and err is volatile, so this read
            // also orders what the canceller wrote before.
            cancel(false, perr);
            return;
        }
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) {
            synchronized (p) {
                if (p.err != null) {
                    cancel(false, p.err); // parent → child nesting, as in cancel
                } else {
                    if (p.children == null) {
                        p.children = Collections.newSetFromMap(new IdentityHashMap<>());
                    }
                    p.children.add(this);
                }
            }
            return;
        }
        GOROUTINES.incrementAndGet();
        Context par = parent;
        RecvChan<?> mine = done();
        Go.go(() -> select(
                recv(par.done(), v -> cancel(false, par.err())),
                recv(mine)));
    }

    /**
     * The golib {@link CancelCtx} that {@code parent}'s cancellation comes from, or null. Go's
     * {@code parentCancelCtx}: asks {@code parent.value(CANCEL_CTX_KEY)} for the innermost one
     * (a wrapper passes the question on), then checks that {@code parent.done()} is that
     * context's channel; if a wrapper supplies its own {@code done()}, bypassing it would miss
     * its cancellations, so the answer is null.
     */
    static CancelCtx parentCancelCtx(Context parent) {
        RecvChan<?> pdone = parent.done();
        if (pdone == CLOSED || pdone == EmptyCtx.NEVER) {
            return null;
        }
        CancelCtx p = parent.value(CANCEL_CTX_KEY);
        if (p == null || p.done != pdone) {
            return null;
        }
        return p;
    }

    /** Unregisters {@code child} from the context its cancellation comes from. Go's
     *  {@code removeChild}. No monitor held on entry. */
    static void removeChild(Context parent, CancelCtx child) {
        CancelCtx p = parentCancelCtx(parent);
        if (p == null) {
            return;
        }
        synchronized (p) {
            if (p.children != null) {
                p.children.remove(child);
            }
        }
    }

    // =========================================================================================
    // Test hooks
    // =========================================================================================

    /** The number of registered children (Go's tests read {@code len(c.children)}). */
    synchronized int childCount() {
        return children == null ? 0 : children.size();
    }

    /** Whether {@code child} is registered here (Go's tests' {@code contains}). */
    synchronized boolean hasChild(CancelCtx child) {
        return children != null && children.contains(child);
    }
}
