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

    /** Any thread; once. */
    void complete(Object result, Throwable failure) {
        this.result = result;
        this.failure = failure;
        done = true;
        LockSupport.unpark(waiter);
    }

    boolean isDone() {
        return done;
    }

    /** The caller of Go.run only. */
    void await() {
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            // an interrupt must not turn this into a busy loop: remember it for the caller
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
