package io.golib.time;

import io.golib.chan.Chan;
import io.golib.chan.ChanClosedException;
import io.golib.runtime.sched.RuntimeTimer;
import java.time.Instant;

/**
 * The runtime timer of a {@link Timer} or {@link Ticker}: on each firing it offers the current
 * time to a channel of capacity 1, without blocking, and drops it if the channel is full (a
 * slow reader loses ticks). Port of go1.23 time/sleep.go: {@code sendTime}, and of
 * runtime/chan.go: {@code timerchandrain} for {@link #drainChannel}.
 *
 * <p>Private to its owner, which never lets the object escape: its monitor is the timer's lock
 * ({@link RuntimeTimer}).
 */
final class ChanTimer extends RuntimeTimer {
    /** The channel the ticks go to; capacity 1. Immutable. */
    private final Chan<Instant> c;

    ChanTimer(Chan<Instant> c) {
        this.c = c;
    }

    /** sendTime: a non-blocking send of the time; runs on a scheduler thread. */
    @Override
    protected void onFire(long now) {
        try {
            c.trySend(Instant.now());
        } catch (ChanClosedException e) {
            // Only a caller that cast the receive-only ch() to a Chan can close it. Dropping the
            // tick keeps that mistake from killing the scheduler thread that runs this timer.
        }
    }

    /** timerchandrain: removes a tick left unreceived. */
    @Override
    protected boolean drainChannel() {
        return c.tryRecv() != null;
    }
}
