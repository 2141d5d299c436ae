package io.golib.time;

import io.golib.chan.Chan;
import io.golib.chan.RecvChan;
import io.golib.runtime.sched.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Sends the current time on {@link #ch()} every period. Port of go1.23 time/tick.go:
 * {@code Ticker}, {@code NewTicker}, {@code Stop}, {@code Reset}.
 *
 * <pre>{@code
 * Ticker t = new Ticker(Duration.ofSeconds(1));
 * for (;;) {
 *     int chosen = select(recv(t.ch(), now -> report(now)), recv(quit));
 *     if (chosen == 1) break;
 * }
 * t.stop();
 * }</pre>
 *
 * <p>The channel holds at most one tick: a reader slower than the period loses the ticks it
 * misses, and the ticker does not try to catch up (the next tick comes at the next multiple of
 * the period from the start, missed ones skipped), as in Go. After {@link #stop()} or
 * {@link #reset(Duration)} returns, no tick from before the call is received (Go 1.23: a tick
 * under way is dropped, an unreceived one removed).
 *
 * <p>All methods may be called from goroutines and plain threads, concurrently; none blocks.
 */
public final class Ticker {
    /** The channel, capacity 1. Immutable. */
    private final Chan<Instant> c;
    /** The periodic runtime timer; never escapes (its monitor is the timer's lock). Immutable. */
    private final RuntimeTimer rt;

    /**
     * A ticker whose first tick comes after {@code d}, then every {@code d}. Go's
     * {@code time.NewTicker}.
     *
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException "non-positive interval for NewTicker" if {@code d} is zero
     *     or negative (Go panics)
     */
    public Ticker(Duration d) {
        Objects.requireNonNull(d, "Ticker: the interval is null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("non-positive interval for NewTicker");
        }
        Chan<Instant> ch = Chan.make(1);
        this.c = ch;
        this.rt = new ChanTimer(ch);
        rt.start(Time.when(d), Time.nanos(d));
    }

    /** The channel the ticks are sent on: capacity 1, never closed (not even by {@link #stop}). */
    public RecvChan<Instant> ch() {
        return c;
    }

    /**
     * Turns the ticker off: no more ticks are sent, and a tick sent but not received is removed.
     * Does not close the channel. Go's {@code Ticker.Stop}; stopping twice is harmless, and
     * {@link #reset} starts it again.
     */
    public void stop() {
        rt.stop();
    }

    /**
     * Stops the ticker and restarts it with period {@code d}: the next tick comes after
     * {@code d}. Go's {@code Ticker.Reset}.
     *
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException "non-positive interval for Ticker.Reset" if {@code d} is
     *     zero or negative (Go panics)
     */
    public void reset(Duration d) {
        Objects.requireNonNull(d, "Ticker.reset: the interval is null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("non-positive interval for Ticker.Reset");
        }
        rt.reset(Time.when(d), Time.nanos(d));
    }

    @Override
    public String toString() {
        return "Ticker[len=" + c.len() + "]";
    }
}
