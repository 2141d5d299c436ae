package io.golib.context;

import io.golib.time.Time;
import io.golib.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A cancellable context with a deadline ({@link Context#withDeadline},
 * {@link Context#withTimeout}): a {@link CancelCtx} plus a timer that cancels it with
 * {@link ContextError#DEADLINE_EXCEEDED}. Port of go1.22 context/context.go: {@code timerCtx}
 * ({@code Deadline}, {@code cancel}, {@code String}) and {@code WithDeadline}.
 *
 * <p>The timer is {@link Time#afterFunc}: when the deadline passes, a new goroutine cancels the
 * context, as in Go; the scheduler thread that runs the timer only spawns it, so a cancel that
 * reaches a user's {@link Context} implementation (its {@code done()} and {@code value()}, from
 * {@link CancelCtx#removeChild}) runs in a goroutine, never on a scheduler thread. Cancelling
 * stops the timer.
 *
 * <p>Invariant: {@link #timer} is set at most once, under the monitor and only while not
 * cancelled, and cleared (stopped) by the first cancel that finds it, so a cancelled context
 * holds no timer.
 */
final class TimerCtx extends CancelCtx {
    /** The deadline. Immutable. */
    private final Instant deadline;
    /** The pending deadline timer, or null (none yet, or stopped by cancel). Guarded by the
     *  monitor of {@code this} (Go: "Under cancelCtx.mu"). */
    private Timer timer;

    private TimerCtx(Context parent, Instant deadline) {
        super(parent);
        this.deadline = deadline;
    }

    /**
     * Go's {@code WithDeadline}: a plain {@link CancelCtx} if the parent's deadline comes first;
     * else a timer context, born done if the deadline has passed, otherwise with its timer
     * armed. Arguments checked by the caller.
     */
    static CancelContext withDeadline(Context parent, Instant d) {
        Optional<Instant> cur = parent.deadline();
        if (cur.isPresent() && cur.get().isBefore(d)) {
            // The current deadline is already sooner than the new one.
            return Context.withCancel(parent);
        }
        TimerCtx c = new TimerCtx(parent, d);
        c.propagateCancel();
        Duration dur = Duration.between(Instant.now(), d);
        if (dur.isNegative() || dur.isZero()) {
            c.cancel(true, ContextError.DEADLINE_EXCEEDED); // deadline has already passed
            return c;
        }
        synchronized (c) {
            if (c.err() == null) {
                c.timer = Time.afterFunc(dur,
                        () -> c.cancel(true, ContextError.DEADLINE_EXCEEDED));
            }
        }
        return c;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.of(deadline);
    }

    /** Go's {@code timerCtx.cancel}: cancel as a {@link CancelCtx}, then stop the timer. */
    @Override
    void cancel(boolean removeFromParent, ContextError err) {
        super.cancel(false, err);
        if (removeFromParent) {
            // Remove this timerCtx from its parent cancelCtx's children.
            removeChild(parent, this);
        }
        synchronized (this) {
            if (timer != null) {
                timer.stop();
                timer = null;
            }
        }
    }

    /** Test hook: whether a deadline timer is held (armed and not yet stopped by cancel). */
    synchronized boolean hasTimer() {
        return timer != null;
    }

    /** Go's {@code timerCtx.String}: parent, deadline and the time left. */
    @Override
    public String toString() {
        return parent + ".WithDeadline(" + deadline + " ["
                + Duration.between(Instant.now(), deadline) + "])";
    }
}
