package io.golib.time;

import io.golib.GoRunnable;
import io.golib.runtime.sched.RuntimeTimer;
import io.golib.runtime.sched.Sched;

/**
 * The runtime timer of {@link Time#afterFunc}: each firing starts {@code f} in a new goroutine,
 * so {@code f} may block and the scheduler thread that fired the timer does not wait for it.
 * Port of go1.23 time/sleep.go: {@code goFunc}.
 *
 * <p>Private to its {@link Timer}: its monitor is the timer's lock ({@link RuntimeTimer}).
 */
final class FuncTimer extends RuntimeTimer {
    /** The function each firing starts. Immutable. */
    private final GoRunnable f;

    FuncTimer(GoRunnable f) {
        this.f = f;
    }

    /** goFunc: {@code go f()}. Spawning only queues the goroutine; it never blocks. */
    @Override
    protected void onFire(long now) {
        Sched.get().newproc(f);
    }
}
