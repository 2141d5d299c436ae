package io.golib.sync;

import io.golib.runtime.sched.G;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lock of one wait queue (Go's {@code semaRoot.lock} and {@code notifyList.lock}, runtime
 * mutexes): a test-and-test-and-set spin lock on an int. Extended by {@link WaitQueue} (so by
 * {@link Sema} and {@link NotifyList}), as Go embeds the lock in the structure it guards.
 *
 * <p>Why spinning is enough: sections are a few dozen instructions, never park, never run user
 * code and never take another lock. The one long hold is a goroutine that queued itself and
 * parks: it keeps the lock while its frames unwind, and the scheduler releases it through
 * {@link #UNLOCK_AFTER_PARK} (Go's {@code goparkunlock}); the unwinding does not wait for anyone.
 * A waiter that spins long yields its thread, for a holder that the OS descheduled.
 *
 * <p>Who may call: any thread. Not reentrant. Callers are plain (non-{@code @Goroutine}) methods,
 * except the park itself, so no safepoint can park a holder.
 */
abstract class SpinLock {
    private static final int SPINS_BEFORE_YIELD = 100;

    /** 0 free, 1 held. CAS to take (acquire), release store to give back. */
    private volatile int held;

    /**
     * Go's unlockf for a goroutine that parks holding a queue lock: releases the lock passed as
     * the park's argument once the goroutine can no longer be seen half-parked.
     */
    static final G.Unlocker UNLOCK_AFTER_PARK = (gp, queue) -> {
        ((SpinLock) queue).unlock();
        return true;
    };

    final void lock() {
        if (!HELD.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    private void lockSlow() {
        int spins = 0;
        while (true) {
            if (held == 0 && HELD.compareAndSet(this, 0, 1)) {
                return;
            }
            spinWait(spins++);
        }
    }

    final void unlock() {
        assert held == 1 : "SpinLock.unlock: not held";
        HELD.setRelease(this, 0); // release; pairs with the CAS in lock
    }

    /** Whether the lock is held by someone, for assertions. */
    final boolean isHeld() {
        return held == 1;
    }

    /** One round of a polite busy-wait: spin a little, then let other threads run. */
    static void spinWait(int round) {
        if (round < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(SpinLock.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
