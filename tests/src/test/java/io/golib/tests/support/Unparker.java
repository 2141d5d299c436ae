package io.golib.tests.support;

import io.golib.runtime.stack.Continuation;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The "other thread" of a pinned {@code park()}: waits until the carrier is really blocked on the
 * continuation (its {@link LockSupport#getBlocker blocker} is the continuation), counts that, and
 * calls {@link Continuation#unpark()}; {@code times} rounds. Observing the block before unparking
 * proves the carrier blocked in place rather than unwinding or spinning past the park.
 *
 * <p>Invariant: each round waits for the carrier to leave the block before watching for the next
 * one, so one block is never counted twice and no stray permit is left for a later park. If the
 * carrier does not block within {@link #WAIT_NANOS}, the round still unparks (so a broken
 * transformer cannot hang the test run) but is not counted, and the test's count assertion fails.
 */
public final class Unparker {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Thread thread;
    private volatile int blocks;

    private Unparker(Continuation c, Thread carrier, int times) {
        thread = new Thread(() -> {
            for (int i = 0; i < times; i++) {
                boolean seen = await(() -> LockSupport.getBlocker(carrier) == c);
                if (seen) {
                    blocks++;
                }
                c.unpark();
                if (seen) {
                    await(() -> LockSupport.getBlocker(carrier) != c);
                }
            }
        }, "unparker");
        thread.setDaemon(true);
    }

    /** Starts the helper for a continuation that will run on {@code carrier}. */
    public static Unparker start(Continuation c, Thread carrier, int times) {
        Unparker u = new Unparker(c, carrier, times);
        u.thread.start();
        return u;
    }

    /** Starts the helper for a continuation that the calling thread will run. */
    public static Unparker start(Continuation c, int times) {
        return start(c, Thread.currentThread(), times);
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
