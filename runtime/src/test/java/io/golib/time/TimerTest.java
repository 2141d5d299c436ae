package io.golib.time;

import static io.golib.chan.Select.otherwise;
import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.chan.Chan;
import io.golib.chan.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers and afterFunc, after Go's time/sleep_test.go (TestAfter, TestAfterFunc, TestAfterStop,
 * TestAfterQueuing, TestTimerStopStress, TestReset, TestOverflowSleep, TestZeroTimer) and the
 * go1.23 guarantees of Stop and Reset. Timing is checked only as lower bounds ("never early") or
 * conditionally on the time that really passed, so a slow machine cannot fail a test.
 */
@Timeout(120)
class TimerTest {
    private static final long MS = 1_000_000L;

    @Goroutine
    static void sleepMs(long ms) {
        Go.sleep(Duration.ofMillis(ms));
    }

    /** Failures seen inside goroutines, reported by the main goroutine. */
    private static void check(Queue<String> errors) {
        assertTrue(errors.isEmpty(), () -> String.join("\n", errors));
    }

    // ---------------------------------------------------------------------------------------
    // After

    /** Go's TestAfter: the value comes no earlier than the delay, and carries a time after it. */
    @Test
    void afterWaitsAtLeastTheDelay() {
        long delay = 50;
        Go.run(() -> {
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            Instant end = Time.after(Duration.ofMillis(delay)).recv();
            long elapsed = System.nanoTime() - t0;
            assertTrue(elapsed >= delay * MS, "after(" + delay + "ms) slept for only " + elapsed
                    + " ns");
            // The instant is wall-clock time: allow the wall clock a millisecond of slew.
            assertFalse(end.isBefore(start.plusMillis(delay - 1)),
                    "after(" + delay + "ms) sent " + end + ", expected >= " + start);
        });
    }

    /** After from a plain thread: the scheduler starts on its own, the thread blocks. */
    @Test
    @SuppressWarnings("golib") // the plain thread blocks on the channel on purpose
    void afterFromPlainThread() {
        long t0 = System.nanoTime();
        Instant v = Time.after(Duration.ofMillis(20)).recv();
        assertNotNull(v);
        assertTrue(System.nanoTime() - t0 >= 20 * MS, "plain thread: after(20ms) came early");
        Timer t = new Timer(Duration.ofHours(1));
        assertTrue(t.stop(), "plain thread: stop of a pending timer");
        assertFalse(t.stop(), "plain thread: second stop");
    }

    /** Go's TestAfterTick (lower bound only): ten afters in a row take ten delays. */
    @Test
    void afterInSequence() {
        Go.run(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                Time.after(Duration.ofMillis(10)).recv();
            }
            long d = System.nanoTime() - t0;
            assertTrue(d >= 100 * MS, "10 afters of 10ms took only " + d + " ns");
        });
    }

    /** Go's TestAfterQueuing, lower bounds: each goroutine's after fires no earlier than due. */
    @Test
    void afterQueuing() {
        int[] slots = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};
        long delta = 20;
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Go.run(() -> {
            Chan<Integer> result = Chan.make(slots.length);
            long t0 = System.nanoTime();
            for (int slot : slots) {
                RecvChan<Instant> ac = Time.after(Duration.ofMillis(slot * delta));
                Go.go(() -> {
                    ac.recv();
                    long dt = System.nanoTime() - t0;
                    if (dt < slot * delta * MS) {
                        errors.add("after(" + slot * delta + "ms) arrived at " + dt + " ns");
                    }
                    result.send(slot);
                });
            }
            int sum = 0;
            for (int i = 0; i < slots.length; i++) {
                sum += result.recv();
            }
            assertEquals(58, sum, "every slot's after fired once");
        });
        check(errors);
    }

    /** Go's TestOverflowSleep: a duration too long never fires; a hugely negative one at once. */
    @Test
    void overflowingDurations() {
        Go.run(() -> {
            // Timers, not after(): a pending timer keeps Go.run's deadlock check quiet (as Go's
            // checkdead does), so the test stops what it arms.
            Timer big = new Timer(Duration.ofSeconds(Long.MAX_VALUE));
            int chosen = select(recv(big.ch()), recv(Time.after(Duration.ofMillis(25))));
            assertEquals(1, chosen, "big timeout fired");
            assertTrue(big.stop(), "big timeout is pending");
            Timer maxNanos = new Timer(Duration.ofNanos(Long.MAX_VALUE));
            chosen = select(recv(maxNanos.ch()), recv(Time.after(Duration.ofMillis(25))));
            assertEquals(1, chosen, "Long.MAX_VALUE ns timeout fired");
            assertTrue(maxNanos.stop(), "Long.MAX_VALUE ns timeout is pending");
            assertNotNull(Time.after(Duration.ofSeconds(Long.MIN_VALUE)).recv(),
                    "negative timeout didn't fire");
        });
    }

    /** Go's TestZeroTimer (issue 44868, scaled down): zero timers are never missed. */
    @Test
    void zeroAndNegativeTimersFire() {
        Go.run(() -> {
            for (int i = 0; i < 10_000; i++) {
                new Timer(i % 2 == 0 ? Duration.ZERO : Duration.ofNanos(-i)).ch().recv();
            }
        });
    }

    @Test
    void nullDurationsAreRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Timer(null));
        assertEquals("Timer: the duration is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Time.after(null));
        assertEquals("Timer: the duration is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Time.afterFunc(null, () -> { }));
        assertEquals("afterFunc: the duration is null", e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Time.afterFunc(Duration.ZERO, null));
        assertEquals("afterFunc: the function is null", e.getMessage());
        Timer t = new Timer(Duration.ofHours(1));
        e = assertThrows(NullPointerException.class, () -> t.reset(null));
        assertEquals("Timer.reset: the duration is null", e.getMessage());
        assertTrue(t.stop());
    }

    @Test
    void channelHasCapacityOne() {
        Timer t = new Timer(Duration.ofHours(1));
        assertEquals(1, t.ch().cap());
        assertEquals(0, t.ch().len());
        assertFalse(t.ch().isClosed());
        t.stop();
        Timer f = Time.afterFunc(Duration.ofHours(1), () -> { });
        assertNull(f.ch(), "an afterFunc timer has no channel");
        assertTrue(f.stop());
    }

    // ---------------------------------------------------------------------------------------
    // Stop and Reset

    /**
     * Go's TestAfterStop, made deterministic: stops that come before the deadline (measured)
     * must return true, and then nothing fires, even after the deadlines have long passed.
     */
    @Test
    void stopBeforeDeadlinePreventsFiring() {
        Go.run(() -> {
            Time.afterFunc(Duration.ofMillis(100), () -> { });
            long made = System.nanoTime();
            Timer t0 = new Timer(Duration.ofMillis(200));
            Chan<Boolean> c1 = Chan.make(1);
            Timer t1 = Time.afterFunc(Duration.ofMillis(300), () -> c1.send(true));
            RecvChan<Instant> c2 = Time.after(Duration.ofMillis(400));
            boolean s0 = t0.stop();
            boolean s1 = t1.stop();
            long took = System.nanoTime() - made;
            if (took < 200 * MS) {
                assertTrue(s0, "failed to stop event 0");
                assertTrue(s1, "failed to stop event 1");
            }
            c2.recv();
            if (s0) {
                assertNull(t0.ch().tryRecv(), "event 0 was not stopped");
            }
            if (s1) {
                assertNull(c1.tryRecv(), "event 1 was not stopped");
            }
            assertFalse(t1.stop(), "Stop returned true twice");
            assertFalse(t0.stop(), "Stop returned true twice");
        });
    }

    /**
     * Go 1.23: while the program has not received from ch(), stop() returns true, whether the
     * timer is pending, firing right now, or has fired into the channel; and afterwards nothing
     * is ever received. Many timers with deadlines around the stop, so every race is hit.
     */
    @Test
    void stopOfUnreceivedTimerIsAlwaysTrueAndLeavesNothing() {
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        int workers = 4;
        int rounds = 2_000;
        Go.run(() -> {
            Chan<Timer> stopped = Chan.make(workers * rounds);
            Chan<Boolean> done = Chan.make(workers);
            for (int w = 0; w < workers; w++) {
                Go.go(() -> {
                    java.util.Random r = new java.util.Random();
                    for (int i = 0; i < rounds; i++) {
                        Timer t = new Timer(Duration.ofNanos(r.nextInt(200_000)));
                        if (r.nextBoolean()) {
                            Go.sleep(Duration.ofNanos(r.nextInt(200_000)));
                        } else {
                            Go.gosched();
                        }
                        if (!t.stop()) {
                            errors.add("stop of an unreceived timer returned false");
                        }
                        if (t.ch().tryRecv() != null) {
                            errors.add("a value was received after stop");
                        }
                        stopped.send(t);
                    }
                    done.send(true);
                });
            }
            for (int w = 0; w < workers; w++) {
                done.recv();
            }
            sleepMs(5); // past every deadline: a late firing would show now
            for (int i = 0; i < workers * rounds; i++) {
                Timer t = stopped.recv();
                if (t.ch().tryRecv() != null) {
                    errors.add("a stopped timer fired later");
                }
                if (t.stop()) {
                    errors.add("second stop returned true");
                }
            }
        });
        check(errors);
    }

    /** Go 1.23, received: once the value was taken, stop and reset report false. */
    @Test
    void stopAndResetAfterReceiveReturnFalse() {
        Go.run(() -> {
            Timer t = new Timer(Duration.ofMillis(1));
            assertNotNull(t.ch().recv());
            assertFalse(t.stop(), "stop after the value was received");
            assertFalse(t.reset(Duration.ofHours(1)), "reset of a fired, received timer");
            assertTrue(t.stop(), "stop of the re-armed timer");
        });
    }

    /**
     * Go 1.23 Reset: a value that fired but was not received is drained by reset (which then
     * reports true), and only the new arming's value comes, no earlier than its delay.
     */
    @Test
    void resetDrainsAnUnreceivedValue() {
        Go.run(() -> {
            Timer t = new Timer(Duration.ZERO);
            while (t.ch().len() == 0) {
                sleepMs(1); // let it fire into the channel
            }
            long t0 = System.nanoTime();
            assertTrue(t.reset(Duration.ofMillis(30)), "reset of an unreceived timer");
            assertEquals(0, t.ch().len(), "reset left the stale value in the channel");
            t.ch().recv();
            assertTrue(System.nanoTime() - t0 >= 30 * MS, "reset timer fired early");
        });
    }

    /**
     * Go's TestReset, with deterministic checks: reset of an unreceived timer returns true; the
     * reset timer never fires before its new deadline; reset after the receive returns false.
     */
    @Test
    void resetMovesTheDeadline() {
        long d = 25;
        Go.run(() -> {
            Timer t0 = new Timer(Duration.ofMillis(2 * d));
            sleepMs(d);
            long reset = System.nanoTime();
            assertTrue(t0.reset(Duration.ofMillis(3 * d)), "resetting unfired timer returned false");
            sleepMs(2 * d);
            if (t0.ch().tryRecv() != null) {
                long since = System.nanoTime() - reset;
                assertTrue(since >= 3 * d * MS, "timer fired early: " + since + " ns after reset");
            } else {
                t0.ch().recv();
                long since = System.nanoTime() - reset;
                assertTrue(since >= 3 * d * MS, "timer fired early: " + since + " ns after reset");
            }
            assertFalse(t0.reset(Duration.ofMillis(50)), "resetting expired timer returned true");
            t0.ch().recv();
        });
    }

    /** Many resets of a pending timer: exactly one value, no earlier than the last reset's delay. */
    @Test
    void repeatedResetsDeliverOnce() {
        Go.run(() -> {
            Timer t = new Timer(Duration.ofMillis(5));
            for (int i = 0; i < 1_000; i++) {
                t.reset(Duration.ofMillis(5));
            }
            long last = System.nanoTime();
            assertTrue(t.reset(Duration.ofMillis(20)));
            t.ch().recv();
            assertTrue(System.nanoTime() - last >= 20 * MS, "fired before the last reset's delay");
            sleepMs(30);
            assertNull(t.ch().tryRecv(), "a second value from one arming");
        });
    }

    // ---------------------------------------------------------------------------------------
    // AfterFunc

    /** Go's TestAfterFunc: afterFunc(0) from inside an afterFunc's goroutine, ten deep. */
    @Test
    void afterFuncChains() {
        Go.run(() -> {
            Chan<Boolean> c = Chan.make();
            AtomicInteger i = new AtomicInteger(10);
            Runnable[] f = new Runnable[1];
            f[0] = () -> {
                if (i.decrementAndGet() >= 0) {
                    Time.afterFunc(Duration.ZERO, () -> f[0].run());
                } else {
                    Go.go(() -> c.send(true));
                }
            };
            Time.afterFunc(Duration.ZERO, () -> f[0].run());
            assertTrue(c.recv());
        });
    }

    /** afterFunc runs f in its own goroutine, which may block. */
    @Test
    void afterFuncRunsInAGoroutineThatMayBlock() {
        Go.run(() -> {
            Chan<Long> in = Chan.make();
            Chan<Long> out = Chan.make();
            Time.afterFunc(Duration.ofMillis(1), () -> out.send(in.recv() + 1));
            in.send(41L);
            assertEquals(42L, out.recv());
        });
    }

    /** Stop prevents the call; reset schedules it again after it ran. */
    @Test
    void afterFuncStopPreventsCallAndResetReschedules() {
        Go.run(() -> {
            AtomicInteger calls = new AtomicInteger();
            Chan<Boolean> ran = Chan.make(4);
            Timer t = Time.afterFunc(Duration.ofMillis(100), () -> {
                calls.incrementAndGet();
                ran.send(true);
            });
            long made = System.nanoTime();
            boolean stopped = t.stop();
            if (System.nanoTime() - made < 100 * MS) {
                assertTrue(stopped, "stop before the deadline");
            }
            if (!stopped) {
                ran.recv(); // the call that the stop came too late for
            }
            sleepMs(150);
            assertEquals(stopped ? 0 : 1, calls.get(), "stop() = " + stopped);
            assertFalse(t.stop());
            assertFalse(t.reset(Duration.ZERO), "reset of a stopped afterFunc timer");
            ran.recv();
            assertFalse(t.reset(Duration.ZERO), "reset after the call started");
            ran.recv();
            assertEquals(stopped ? 2 : 3, calls.get());
        });
    }

    /**
     * Go's TestTimerStopStress, made deterministic: 100 goroutines each stop an afterFunc long
     * before its deadline; a call happens exactly for the stops that returned false (none,
     * unless the machine stalled past the deadline).
     */
    @Test
    void timerStopStress() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lateStops = new AtomicInteger();
        Go.run(() -> {
            Chan<Boolean> done = Chan.make(100);
            for (int i = 0; i < 100; i++) {
                Go.go(() -> {
                    Timer timer = Time.afterFunc(Duration.ofMillis(600), calls::incrementAndGet);
                    sleepMs(100);
                    if (!timer.stop()) {
                        lateStops.incrementAndGet();
                    }
                    done.send(true);
                });
            }
            for (int i = 0; i < 100; i++) {
                done.recv();
            }
            sleepMs(800); // past every deadline: a call that stop did not prevent shows now
            while (calls.get() < lateStops.get()) {
                sleepMs(10); // calls that stop came too late for may still be starting
            }
        });
        assertEquals(lateStops.get(), calls.get(), "calls vs stops that came too late");
    }

    /** afterFunc from plain threads, concurrently with stops: every call is accounted for. */
    @Test
    void afterFuncFromPlainThreads() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger prevented = new AtomicInteger();
        Thread[] ts = new Thread[4];
        for (int k = 0; k < ts.length; k++) {
            ts[k] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    Timer t = Time.afterFunc(Duration.ofNanos(i * 1000L), calls::incrementAndGet);
                    if (t.stop()) {
                        prevented.incrementAndGet();
                    }
                }
            });
            ts[k].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long deadline = System.nanoTime() + 60_000 * MS;
        while (calls.get() + prevented.get() < 2_000 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(2_000, calls.get() + prevented.get(), "calls " + calls + " + prevented "
                + prevented);
        Thread.sleep(20);
        assertEquals(2_000, calls.get() + prevented.get(), "a prevented call ran");
    }

    /** A select with a timer as the timeout case, the common idiom. */
    @Test
    void timerAsSelectTimeout() {
        Go.run(() -> {
            Chan<Integer> never = Chan.make();
            Timer t = new Timer(Duration.ofMillis(10));
            int chosen = select(recv(never), recv(t.ch()));
            assertEquals(1, chosen);
            assertEquals(1, select(recv(never), otherwise(() -> { })), "default");
        });
    }
}
