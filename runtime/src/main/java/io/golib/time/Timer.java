package io.golib.time;

import io.golib.GoRunnable;
import io.golib.chan.Chan;
import io.golib.chan.RecvChan;
import io.golib.runtime.sched.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A single event: after a duration, the current time is sent on {@link #ch()} (or, for a timer
 * made by {@link Time#afterFunc}, a function starts in its own goroutine). Port of go1.23
 * time/sleep.go: {@code Timer}, {@code NewTimer}, {@code Stop}, {@code Reset}.
 *
 * <pre>{@code
 * Timer t = new Timer(Duration.ofMillis(100));
 * int chosen = select(recv(replies, r -> use(r)), recv(t.ch()));
 * if (chosen == 1) System.out.println("no reply within 100 ms");
 * t.stop();
 * }</pre>
 *
 * <p>Go 1.23 guarantees: after {@link #stop()} or {@link #reset(Duration)} returns, a receive
 * from {@link #ch()} never gets a time from before the call (a value sent and not yet received
 * is removed, a firing under way is dropped); and if the program has not received from
 * {@link #ch()} since the timer was armed, {@code stop()} and {@code reset} return true. A
 * goroutine receiving concurrently with the call may get the old value: its receive came first.
 *
 * <p>All methods may be called from goroutines and plain threads, concurrently; none blocks.
 */
public final class Timer {
    /** The channel, capacity 1; null for an {@link Time#afterFunc} timer. Immutable. */
    private final Chan<Instant> c;
    /** The runtime timer; never escapes (its monitor is the timer's lock). Immutable. */
    private final RuntimeTimer rt;

    /**
     * A timer that sends the current time on {@link #ch()} after at least {@code d}. Go's
     * {@code time.NewTimer}. Zero or negative: it fires at once (at the scheduler's next timer
     * check).
     *
     * @throws NullPointerException if {@code d} is null
     */
    public Timer(Duration d) {
        Objects.requireNonNull(d, "Timer: the duration is null");
        Chan<Instant> ch = Chan.make(1);
        this.c = ch;
        this.rt = new ChanTimer(ch);
        rt.start(Time.when(d), 0);
    }

    /** {@link Time#afterFunc}: runs {@code f} in its own goroutine after {@code d}. */
    Timer(Duration d, GoRunnable f) {
        Objects.requireNonNull(d, "afterFunc: the duration is null");
        this.c = null;
        this.rt = new FuncTimer(f);
        rt.start(Time.when(d), 0);
    }

    /**
     * The channel the time is sent on when the timer fires: capacity 1, never closed. Null for
     * a timer made by {@link Time#afterFunc} (a null channel is never ready in a select, Go's
     * nil {@code C}).
     */
    public RecvChan<Instant> ch() {
        return c;
    }

    /**
     * Prevents the timer from firing. Go's {@code Timer.Stop} (go1.23). For an
     * {@link Time#afterFunc} timer, false means the function has already been started in its
     * own goroutine; stop does not wait for it.
     *
     * @return true if the call stopped the timer: it had not fired, or (channel timers) its time
     *     had not been received yet and has been removed; false if it was already stopped or its
     *     time was received (or, for afterFunc, its function started)
     */
    public boolean stop() {
        return rt.stop();
    }

    /**
     * Changes the timer to fire after {@code d} from now, whether it was pending, fired or
     * stopped. Go's {@code Timer.Reset} (go1.23): no time from the previous arming is received
     * after it returns. For an {@link Time#afterFunc} timer it reschedules the function, or
     * schedules it to run again (and then does not wait for the earlier run).
     *
     * @return true if the timer was pending (as {@link #stop()} reports), false if it had fired
     *     and its time was received, or had been stopped
     * @throws NullPointerException if {@code d} is null
     */
    public boolean reset(Duration d) {
        Objects.requireNonNull(d, "Timer.reset: the duration is null");
        return rt.reset(Time.when(d), 0);
    }

    @Override
    public String toString() {
        return c == null ? "Timer[func]" : "Timer[len=" + c.len() + "]";
    }
}
