package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The stale-firing check of {@link RuntimeTimer} (go1.23's {@code t.seq} and {@code isSending}):
 * firings are replayed by hand through {@link TimerNode#fire}, as {@link Timers#run} would
 * deliver them after a racing stop or reset. Deadlines are an hour away, so the scheduler never
 * fires these timers itself.
 */
class RuntimeTimerTest {
    private static final long HOUR = 3_600_000_000_000L;

    /** Counts firings; a one-slot "channel" for the drain. */
    static final class Rec extends RuntimeTimer {
        int fired;
        boolean slot;

        @Override
        protected void onFire(long now) {
            fired++;
            slot = true;
        }

        @Override
        protected boolean drainChannel() {
            boolean had = slot;
            slot = false;
            return had;
        }
    }

    @Test
    void firingOfTheCurrentArmingRunsOnce() {
        Rec t = new Rec();
        long when = System.nanoTime() + HOUR;
        t.start(when, 0);
        t.fire(when - 1);
        assertEquals(0, t.fired, "a firing before the deadline is not the current arming's");
        t.fire(when);
        assertEquals(1, t.fired);
        t.fire(when + 1);
        assertEquals(1, t.fired, "a one-shot arming fired twice");
        assertTrue(t.stop(), "the value was not received: stop drains it and reports true");
        assertFalse(t.slot);
        assertFalse(t.stop());
    }

    @Test
    void stopSquelchesAFiringUnderWay() {
        Rec t = new Rec();
        long when = System.nanoTime() + HOUR;
        t.start(when, 0);
        // Timers.run took the timer for firing; stop comes before fire runs.
        assertTrue(t.stop(), "stop of a timer whose firing is under way reports true");
        t.fire(when);
        assertEquals(0, t.fired, "a stopped timer fired");
    }

    @Test
    void resetToLaterSquelchesAFiringUnderWay() {
        Rec t = new Rec();
        long when = System.nanoTime() + HOUR;
        t.start(when, 0);
        assertTrue(t.reset(when + HOUR, 0));
        t.fire(when); // the old arming's firing, late
        assertEquals(0, t.fired, "a firing of the previous arming was delivered");
        t.fire(when + HOUR);
        assertEquals(1, t.fired);
        t.stop();
    }

    @Test
    void resetToAPassedDeadlineTakesTheFiringOnce() {
        Rec t = new Rec();
        long now = System.nanoTime();
        t.start(now + HOUR, 0);
        assertTrue(t.stop());
        // Re-armed at a deadline before the old firing's time: the firing under way is due for
        // the new arming, and consumes it.
        t.reset(now + 2 * HOUR, 0);
        t.fire(now + 3 * HOUR);
        assertEquals(1, t.fired);
        t.fire(now + 3 * HOUR); // the new arming's own heap entry, later
        assertEquals(1, t.fired, "one arming fired twice");
        assertTrue(t.stop(), "unreceived value drained");
    }

    @Test
    void periodicFiresWhileCurrent() {
        Rec t = new Rec();
        long when = System.nanoTime() + HOUR;
        t.start(when, 1000);
        t.fire(when);
        t.fire(when + 1000);
        t.fire(when + 5000);
        assertEquals(3, t.fired, "ticks of the current arming");
        t.reset(when + HOUR, 1000);
        t.fire(when + 6000);
        assertEquals(3, t.fired, "a tick of the previous period setting");
        t.stop();
        t.fire(when + 2 * HOUR);
        assertEquals(3, t.fired, "a tick after stop");
    }

    @Test
    void startTwiceAndNegativePeriodFail() {
        Rec t = new Rec();
        long when = System.nanoTime() + HOUR;
        t.start(when, 0);
        assertThrows(IllegalStateException.class, () -> t.start(when, 0));
        assertThrows(IllegalArgumentException.class, () -> t.reset(when, -1));
        t.stop();
        t.start(when, 0); // idle again: may start
        t.stop();
    }

    @Test
    void armedTimerSitsInAHeapUntilStopped() {
        Rec t = new Rec();
        t.start(System.nanoTime() + HOUR, 0);
        assertTrue(t.isPending());
        t.stop();
        assertFalse(t.isPending(), "stop left the timer in a heap");
    }
}
