package io.golib.runtime.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * Where the thread that called {@code Go.run} waits for its main goroutine: its result, its
 * exception, or the deadlock the scheduler found.
 */
final class MainWaiter {
    private final Thread waiter = Thread.currentThread();
    private volatile boolean done;
    Object result;
    Throwable failure;

    /** Any thread; the first call wins (a failed scheduler completes every waiter). */
    synchronized void complete(Object result, Throwable failure) {
        if (done) {
            return;
        }
        this.result = result;
        this.failure = failure;
        ForeignThreads.endWait(waiter);
        done = true;
        LockSupport.unpark(waiter);
    }

    boolean isDone() {
        return done;
    }

    /**
     * The caller of Go.run only. Returns false if the caller was interrupted first (the interrupt
     * stays set); the main goroutine goes on without a waiter.
     */
    boolean await() {
        ForeignThreads.beginWait();
        try {
            while (!done) {
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.park(this);
            }
            return true;
        } finally {
            ForeignThreads.endWait(waiter);
        }
    }
}
