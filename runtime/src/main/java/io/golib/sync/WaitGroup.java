package io.golib.sync;

import io.golib.Go;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits for a collection of goroutines (or threads) to finish: Go's {@code sync.WaitGroup}.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (String url : urls) {
 *     wg.go(() -> fetch(url));   // add(1), spawn, done() when fetch ends
 * }
 * wg.await();                    // parks until every fetch has ended
 * }</pre>
 *
 * <p>{@link #add} with a positive count must happen before the {@link #await} it should hold
 * back, typically before starting the goroutine. A WaitGroup can be reused for several rounds,
 * but a new round's {@code add} must come after every {@code await} of the previous round has
 * returned. Waiting goroutines park (wait reason {@code "sync.WaitGroup.Wait"}).
 *
 * <p>Port of go1.22 sync/waitgroup.go: Add, Done, Wait; and go1.25's {@code WaitGroup.Go}.
 * The state is Go's 64-bit word: the counter in the high 32 bits, the number of waiters in the
 * low 32. Unlike Go, {@link #add} changes it by CAS, so a negative counter throws without
 * changing anything, and the last {@code done} clears the counter and the waiters in one step:
 * the "Add called concurrently with Wait" state of Go (counter 0, waiters left) never exists.
 */
public final class WaitGroup {
    /** Counter (high 32 bits, signed) and waiters (low 32 bits). Changed by CAS. */
    private volatile long state;
    /** Waiters sleep here; the add that brings the counter to 0 releases one unit each. */
    private final Sema sema = new Sema();

    /** A WaitGroup with a zero counter. */
    public WaitGroup() {
    }

    /**
     * Adds {@code delta}, which may be negative, to the counter. When it reaches zero, every
     * goroutine or thread blocked in {@link #await} is released.
     *
     * @throws IllegalStateException "sync: negative WaitGroup counter" if the counter would go
     *     below zero (the counter is left as it was)
     */
    public void add(int delta) {
        while (true) {
            long s = state;
            long v = (s >> 32) + delta;
            int waiters = (int) s;
            if (v < 0) {
                throw new IllegalStateException("sync: negative WaitGroup counter");
            }
            if (v > Integer.MAX_VALUE) {
                throw new IllegalStateException("sync: WaitGroup counter overflow");
            }
            // At zero the waiters are released: clear them in the same step.
            long next = v == 0 ? 0 : v << 32 | (s & 0xFFFF_FFFFL);
            if (STATE.compareAndSet(this, s, next)) {
                if (v == 0) {
                    for (; waiters > 0; waiters--) {
                        sema.release(false);
                    }
                }
                return;
            }
        }
    }

    /**
     * Decrements the counter by one.
     *
     * @throws IllegalStateException "sync: negative WaitGroup counter" if it is already zero
     */
    public void done() {
        add(-1);
    }

    /**
     * Parks the goroutine (blocks the plain thread) until the counter is zero.
     *
     * @throws IllegalStateException "sync: WaitGroup is reused before previous Wait has
     *     returned" if, when it wakes, a new round has already added to the counter (Go's check)
     */
    @Goroutine
    public void await() {
        while (true) {
            long s = state;
            if ((s >> 32) == 0) {
                return; // counter is 0, no need to wait
            }
            // Count ourselves a waiter.
            if (STATE.compareAndSet(this, s, s + 1)) {
                sema.acquire(false, "sync.WaitGroup.Wait");
                if (state != 0) {
                    throw new IllegalStateException(
                            "sync: WaitGroup is reused before previous Wait has returned");
                }
                return;
            }
        }
    }

    /**
     * Runs {@code f} in a new goroutine and counts it: {@code add(1)}, then {@code done()} when
     * {@code f} returns or throws (the exception goes on to the panic handler, as any
     * goroutine's does).
     *
     * @throws NullPointerException if {@code f} is null
     * @throws IllegalStateException if {@code f}'s class was not instrumented (as {@code Go.go})
     */
    public void go(GoRunnable f) {
        Objects.requireNonNull(f, "WaitGroup.go: f is null");
        requireInstrumented(f);
        add(1);
        try {
            Go.go(() -> {
                try {
                    f.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException | Error e) {
            done();
            throw e;
        }
    }

    @Override
    public String toString() {
        long s = state;
        return "WaitGroup[count=" + (s >> 32) + ", waiters=" + (int) s + "]";
    }

    /** Classes whose bodies passed the instrumentation check. */
    private static final ClassValue<AtomicBoolean> CHECKED = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    /**
     * {@code Go.go} checks that a goroutine body was instrumented, and so fails fast when golib
     * runs without its agent; here the body it sees is our wrapper, so check {@code f} the same
     * way, once per class (a {@link Continuation} constructor makes the check).
     */
    private static void requireInstrumented(GoRunnable f) {
        AtomicBoolean ok = CHECKED.get(f.getClass());
        if (!ok.get()) {
            new Continuation(f);
            ok.set(true);
        }
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
