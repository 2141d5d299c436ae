package io.golib.time;

import io.golib.GoRunnable;
import io.golib.chan.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's package {@code time}: timers and tickers on the scheduler's timer heaps. Port of go1.23
 * time/sleep.go ({@code when}, {@code NewTimer}, {@code Stop}, {@code Reset}, {@code After},
 * {@code AfterFunc}, {@code sendTime}, {@code goFunc}) and time/tick.go ({@code NewTicker},
 * {@code Ticker.Stop}, {@code Ticker.Reset}); the runtime side is
 * {@link io.golib.runtime.sched.RuntimeTimer}.
 *
 * <pre>{@code
 * Timer t = new Timer(Duration.ofSeconds(1));
 * select(recv(work, v -> handle(v)),
 *        recv(t.ch(), now -> System.out.println("timed out at " + now)));
 * t.stop();
 *
 * Ticker tick = new Ticker(Duration.ofMillis(100));
 * for (int i = 0; i < 3; i++) {
 *     tick.ch().recv();                     // every 100 ms; ticks the reader misses are dropped
 * }
 * tick.stop();
 *
 * Time.afterFunc(Duration.ofMillis(50), () -> System.out.println("in its own goroutine"));
 * }</pre>
 *
 * <h2>Design</h2>
 * Each {@link Timer} or {@link Ticker} owns one runtime timer, a node of the per-P timer heaps
 * that the scheduler already runs for {@code Go.sleep}: no timer thread. When the node is due,
 * the scheduler thread that checks the heap runs its action: a non-blocking send of
 * {@link Instant#now()} on a channel of capacity 1 ({@code sendTime}), or, for
 * {@link #afterFunc}, spawning the function's goroutine ({@code goFunc}). Timer actions never
 * block, so a scheduler thread never waits on a user.
 *
 * <p>Go 1.23 semantics where they are clean: after {@link Timer#stop()} or
 * {@link Timer#reset(Duration)} returns (and the same for {@link Ticker}), no receive gets a time
 * from before the call: a firing under way is dropped and an unreceived value is drained, under
 * the timer's lock, and a value drained counts as a fire that the call stopped (so
 * {@code stop()} returns true when the program has not received the value, as in Go 1.23). What
 * differs from Go 1.23: the channel really has a buffer of one ({@code cap()} is 1 and
 * {@code len()} can be 1, where Go 1.23 reports 0 for both), and an armed timer stays in its heap
 * until it fires or is stopped (Go 1.23 also lets the garbage collector take unreferenced timers,
 * and keeps a channel timer out of the heap while nobody waits on it).
 *
 * <p>Durations: {@code null} throws {@link NullPointerException}; zero or negative means "now"
 * for a timer (it fires at the next timer check, as Go's {@code when} clamps {@code d <= 0});
 * one too long to represent in nanoseconds, or whose deadline overflows, never fires (Go's
 * {@code maxWhen}). Times sent are wall-clock {@link Instant}s; deadlines are kept as
 * {@link System#nanoTime()} (Go's monotonic clock), so changing the wall clock moves no timer.
 */
public final class Time {
    private Time() {}

    /**
     * Waits for {@code d} to elapse, then sends the current time on the returned channel. Go's
     * {@code time.After}; the same as {@code new Timer(d).ch()}. The timer stays armed until it
     * fires; to abandon it early, make the {@link Timer} and stop it.
     *
     * @throws NullPointerException if {@code d} is null
     */
    public static RecvChan<Instant> after(Duration d) {
        return new Timer(d).ch();
    }

    /**
     * Waits for {@code d} to elapse, then runs {@code f} in its own goroutine. Go's
     * {@code time.AfterFunc}. The returned timer's {@link Timer#stop()} prevents the call if
     * {@code f} has not been started yet; {@link Timer#reset(Duration)} schedules it (again). Its
     * {@link Timer#ch()} is null.
     *
     * <pre>{@code
     * Timer t = Time.afterFunc(Duration.ofSeconds(5), () -> log("slow request"));
     * handle(request);
     * t.stop();                                   // no log if handled in time
     * }</pre>
     *
     * @throws NullPointerException if {@code d} or {@code f} is null
     */
    public static Timer afterFunc(Duration d, GoRunnable f) {
        return new Timer(d, Objects.requireNonNull(f, "afterFunc: the function is null"));
    }

    // ---------------------------------------------------------------------------------------
    // Durations to deadlines

    /**
     * The {@link System#nanoTime()} deadline {@code d} from now: now if {@code d <= 0},
     * {@link Long#MAX_VALUE} (never) on overflow. Go's {@code when}.
     */
    static long when(Duration d) {
        long now = System.nanoTime();
        if (d.isNegative() || d.isZero()) {
            return now;
        }
        long t = now + nanos(d);
        return t < now ? Long.MAX_VALUE : t;
    }

    /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} if it does not fit; {@code d > 0}. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
