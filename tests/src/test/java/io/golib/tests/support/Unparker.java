package io.golib.tests.support;

import io.golib.runtime.stack.Continuation;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * The "other thread" of a pinned {@code park()}: waits until the carrier is really blocked on the
 * continuation (its {@link LockSupport#getBlocker blocker} is the continuation), counts that, and
 * calls {@link Continuation#unpark()}; {@code times} rounds. Observing the block before unparking
 * proves the carrier blocked in place rather than unwinding or spinning past the park.
 *
 * <p>Invariant: after each unpark but the last, a round waits for {@code progress} (for example
 * the size of the body's {@link Trace}) to change, proving the body woke and went on, before it
 * watches for the next block; so one block is never counted twice and no stray permit is left for
 * a later park even when the body re-blocks at once (watching the blocker alone cannot tell two
 * back-to-back blocks apart). If the carrier does not block within {@link #WAIT_NANOS}, the round
 * still unparks (so a broken transformer cannot hang the run) but is not counted, and the test's
 * count assertion fails.
 */
public final class Unparker {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Thread thread;
    private volatile int blocks;

    private Unparker(Continuation c, Thread carrier, int times, IntSupplier progress) {
        thread = new Thread(() -> {
            for (int i = 0; i < times; i++) {
                boolean seen = await(() -> LockSupport.getBlocker(carrier) == c);
                if (seen) {
                    blocks++;
                }
                int before = progress.getAsInt();
                c.unpark();
                if (seen && i < times - 1) {
                    await(() -> progress.getAsInt() != before);
                }
            }
        }, "unparker");
        thread.setDaemon(true);
    }

    /**
     * Starts the helper for a continuation that the calling thread will run; {@code progress}
     * must change each time the body wakes from one of the first {@code times - 1} parks.
     */
    public static Unparker start(Continuation c, int times, IntSupplier progress) {
        Unparker u = new Unparker(c, Thread.currentThread(), times, progress);
        u.thread.start();
        return u;
    }

    /** As {@link #start(Continuation, int, IntSupplier)}, the body adding to {@code t} after each wake. */
    public static Unparker start(Continuation c, int times, Trace t) {
        return start(c, times, t::size);
    }

    /** Waits for the helper to finish; returns how many blocks it observed. */
    public int join() throws InterruptedException {
        thread.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS) * 4);
        return blocks;
    }

    private static boolean await(java.util.function.BooleanSupplier cond) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
            LockSupport.parkNanos(50_000);
        }
        return true;
    }
}
