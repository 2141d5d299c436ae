package io.golib.runtime.sched;

/**
 * A scheduler timer for code outside this package ({@code io.golib.time}, {@code
 * io.golib.context} through it): the public face of {@link TimerNode}, with Go's
 * {@code startTimer}/{@code stopTimer}/{@code resetTimer} and the go1.23 guarantee that a stopped
 * or reset timer delivers nothing stale. Port of go1.23 runtime/time.go: {@code newTimer},
 * {@code stopTimer}/{@code timer.stop}, {@code resetTimer}/{@code timer.modify}, and of the
 * stale-send check of {@code unlockAndRun} ({@code t.seq}, {@code isSending}, {@code sendLock})
 * plus {@code timerchandrain} (read at golang/go@2297c34).
 *
 * <p>An owner extends it and supplies {@link #onFire}, the action (send a tick, spawn a
 * goroutine), and, for a channel timer, {@link #drainChannel}. The owner object is the timer:
 * arming allocates nothing, as Go embeds {@code timer} in {@code timeTimer}. Owners keep the
 * object private: its monitor is the timer's lock (below).
 *
 * <h2>Arming state (guarded by this object's monitor, Go's {@code t.sendLock})</h2>
 * <ul>
 *   <li>{@link #armed}: an arming is current and not yet consumed (Go's {@code t.when > 0}). Set
 *       by {@link #start}/{@link #reset}, cleared by {@link #stop} and by the firing of a
 *       one-shot arming; a periodic arming stays armed until stopped.
 *   <li>{@link #due}: the deadline of the current arming (its first one, for a periodic timer).
 * </ul>
 * The heap position ({@code when}, {@code period}, the heap index) stays {@link Timers}'
 * business, under the heap's lock. Lock order: this monitor, then a {@link Timers} lock or a
 * channel lock (in {@link #drainChannel} and {@link #onFire}); {@link Timers#run} holds no lock
 * when it calls {@link #fire}, which takes the monitor.
 *
 * <h2>Stop versus fire: the stale-firing check</h2>
 * {@link Timers#run} takes a due timer out of the heap (one-shot) or re-arms it (periodic) under
 * the heap's lock, then calls {@link #fire} with no lock held. A {@link #stop} or {@link #reset}
 * can come in between: {@link Timers#remove} then finds nothing to remove, and the firing is
 * already under way. Go 1.23 squelches such a firing by comparing {@code t.seq} under
 * {@code sendLock}. Here {@link #fire} re-checks under the monitor that the firing belongs to the
 * current arming: it proceeds only if {@link #armed} and {@code due <= now}.
 * <ul>
 *   <li>Stopped since: {@code armed} is false, the firing is dropped, and {@link #stop}, which
 *       saw {@code armed}, reported that it stopped a pending fire (Go's {@code isSending > 0}
 *       case: "the timer was stopped, even though t.when may be zero").
 *   <li>Reset since to a later deadline: {@code due > now} (the heap fires only timers with
 *       {@code when <= now}, so a firing of the current arming always has {@code due <= now}):
 *       dropped; the new arming fires from the heap at its own deadline.
 *   <li>Reset since to a deadline already passed at {@code now}: the firing is taken as the new
 *       arming's (it is due, so this is never early) and consumes it; the new arming's own heap
 *       entry later finds {@code armed} false and is dropped.
 * </ul>
 * So each one-shot arming fires at most once, never before its deadline, and not at all once
 * {@link #stop} or {@link #reset} has returned; a periodic arming fires only while current.
 *
 * <h2>Draining (channel timers)</h2>
 * {@link #stop} and {@link #reset} call {@link #drainChannel} under the monitor, after the
 * arming changed; {@link #onFire} runs under the same monitor. Hence, as in go1.23: once
 * {@code stop} or {@code reset} has returned, no receive gets a value sent for an earlier arming,
 * and a value that was sent but not yet received counts as a fire that the call stopped (the
 * call returns true: Go's {@code if timerchandrain(t.hchan()) { pending = true }}). A receiver
 * racing with the call may still take the old value before the drain; that receive happened
 * before the call, as Go allows.
 *
 * <h2>Who may call</h2>
 * {@link #start}, {@link #stop} and {@link #reset}: any thread, a goroutine (they never park) or a
 * plain thread; a plain thread starts the scheduler ({@link Sched#get()}). A timer armed on a
 * carrier that holds a P goes into that P's heap, otherwise into P 0's (Go adds to the current
 * P's heap; a plain thread has none), and {@link Sched#wakeForTimer} makes sure some M wakes by
 * its deadline. {@link #onFire} runs on a scheduler thread holding the monitor: it must not
 * block, park, or touch another timer (two timers' monitors would nest in both orders).
 */
public abstract class RuntimeTimer extends TimerNode {
    /** An arming is current and not yet consumed (Go's {@code t.when > 0}). Guarded by the
     *  monitor of {@code this}. */
    private boolean armed;
    /** Deadline ({@link System#nanoTime()}) of the current arming; for a periodic arming, its
     *  first. Meaningful while {@link #armed}. Guarded by the monitor of {@code this}. */
    private long due;
    /** Period of the current arming, 0 for one-shot. Guarded by the monitor of {@code this}. */
    private long interval;

    /** An idle timer; {@link #start} arms it. */
    protected RuntimeTimer() {
    }

    /**
     * The action of a firing, for the current arming only (see the class comment). Runs on a
     * scheduler thread, with this timer's monitor held: it must not block, park or touch another
     * timer. Go's {@code f(arg, seq, delay)}: {@code sendTime} (a non-blocking send) or
     * {@code goFunc} (spawn a goroutine).
     *
     * @param now the {@link System#nanoTime()} at which the scheduler ran the timer
     */
    protected abstract void onFire(long now);

    /**
     * Removes a value that an earlier firing left unreceived; called by {@link #stop} and
     * {@link #reset} with the monitor held. Go's {@code timerchandrain}. The default, for timers
     * without a channel, does nothing.
     *
     * @return whether a value was removed
     */
    protected boolean drainChannel() {
        return false;
    }

    /**
     * Arms an idle timer: first firing at {@code when}, then every {@code period} nanoseconds if
     * {@code period > 0}. Go's {@code newTimer} (which calls {@code t.modify}).
     *
     * @param when a {@link System#nanoTime()} deadline; a passed one fires at the next timer check
     * @param period 0 for one-shot, else the interval
     * @throws IllegalStateException if the timer is armed (use {@link #reset})
     * @throws IllegalArgumentException if {@code period} is negative
     */
    public final void start(long when, long period) {
        arm(when, period, true);
    }

    /**
     * Stops the timer. Go's {@code timer.stop} (go1.23, channel timers with {@code sendLock}).
     * After it returns, the current arming never fires and, for a channel timer, no value of an
     * earlier firing remains in the channel.
     *
     * @return whether it stopped a pending fire: the arming had not fired yet, or its firing was
     *     under way and is now dropped, or (channel timers) its value was still unreceived and was
     *     drained; false if the timer was stopped already or a one-shot fire was delivered and
     *     received
     */
    public final boolean stop() {
        synchronized (this) {
            boolean pending = armed;
            armed = false;
            Timers h = heap;
            if (h != null) {
                h.remove(this); // removes it from whichever heap holds it now
            }
            if (drainChannel()) {
                pending = true;
            }
            return pending;
        }
    }

    /**
     * Re-arms the timer, pending or not: first firing at {@code when}, then every {@code period}
     * if positive. Go's {@code resetTimer}/{@code timer.modify}. After it returns, no firing of an
     * earlier arming is delivered and, for a channel timer, no value of one remains in the
     * channel.
     *
     * @return whether it stopped a pending fire, as for {@link #stop}
     * @throws IllegalArgumentException if {@code period} is negative
     */
    public final boolean reset(long when, long period) {
        return arm(when, period, false);
    }

    /** {@link #start} ({@code mustBeIdle}) and {@link #reset}: Go's {@code timer.modify}. */
    private boolean arm(long when, long period, boolean mustBeIdle) {
        if (period < 0) {
            throw new IllegalArgumentException("timer period must be non-negative, got "
                    + period);
        }
        Sched s = Sched.get();
        boolean pending;
        synchronized (this) {
            if (mustBeIdle && armed) {
                throw new IllegalStateException("start: timer already armed (use reset)");
            }
            pending = armed;
            armed = true;
            due = when;
            interval = period;
            localTimers(s).modify(this, when, period);
            if (drainChannel()) {
                pending = true;
            }
        }
        s.wakeForTimer(when); // outside the monitor, as Go calls wakeNetPoller after unlocking
        return pending;
    }

    /**
     * Called by {@link Timers#run} with no lock held: runs {@link #onFire} if this firing belongs
     * to the current arming (the stale-firing check of the class comment).
     */
    @Override
    final void fire(long now) {
        synchronized (this) {
            if (!armed || due > now) {
                return; // stopped, or reset to a later deadline, since the heap took this firing
            }
            if (interval == 0) {
                armed = false; // a one-shot arming fires once
            }
            onFire(now);
        }
    }

    /**
     * The heap a new arming goes into: the current P's on a carrier that holds one (Go's
     * {@code maybeAdd} uses {@code mp.p.ptr().timers}), else P 0's. P 0 is never retired. The
     * caller is a plain method (no safepoint), so a goroutine cannot move between the read of
     * its M's P and the add.
     */
    private static Timers localTimers(Sched s) {
        M mp = M.current();
        P pp = mp == null ? null : mp.p;
        return (pp != null ? pp : s.allp[0]).timers;
    }
}
