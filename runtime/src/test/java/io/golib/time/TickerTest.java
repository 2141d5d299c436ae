package io.golib.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.Goroutine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tickers, after Go's time/tick_test.go (TestTicker, TestTickerStopWithDirectInitialization,
 * TestTeardown, TestNewTickerLtZeroDuration, TestTickerResetLtZeroDuration) and
 * time/sleep_test.go (TestAfterStress), plus the drop behaviour of a slow reader. Timing is
 * checked as lower bounds only.
 */
@Timeout(120)
class TickerTest {
    private static final long MS = 1_000_000L;

    @Goroutine
    static void sleepMs(long ms) {
        Go.sleep(Duration.ofMillis(ms));
    }

    /**
     * Go's TestTicker: count/2 ticks of delta, reset to 2*delta, count/2 more: at least
     * 3*delta*count/2 in all. Then, stopped, it sends nothing more (go1.23: not even a tick that
     * was under way).
     */
    @Test
    void tickerTakesAtLeastItsTicksAndStops() {
        int count = 10;
        long delta = 20;
        Go.run(() -> {
            long t0 = System.nanoTime();
            Ticker ticker = new Ticker(Duration.ofMillis(delta));
            for (int i = 0; i < count / 2; i++) {
                assertNotNull(ticker.ch().recv());
            }
            ticker.reset(Duration.ofMillis(delta * 2));
            for (int i = count / 2; i < count; i++) {
                assertNotNull(ticker.ch().recv());
            }
            ticker.stop();
            long dt = System.nanoTime() - t0;
            long target = 3 * delta * (count / 2);
            assertTrue(dt >= target * MS, count / 2 + " " + delta + "ms ticks then " + count / 2
                    + " " + 2 * delta + "ms ticks took only " + dt + " ns");
            sleepMs(2 * delta);
            assertNull(ticker.ch().tryRecv(), "Ticker did not shut down");
        });
    }

    /** Go's TestAfterStress: 100 ticks of a 1 ns ticker while another goroutine sleeps 1 ns. */
    @Test
    void fastTickerUnderSleepers() {
        AtomicBoolean stop = new AtomicBoolean();
        Go.run(() -> {
            Go.go(() -> {
                while (!stop.get()) {
                    Go.sleep(Duration.ofNanos(1));
                }
            });
            Ticker ticker = new Ticker(Duration.ofNanos(1));
            for (int i = 0; i < 100; i++) {
                ticker.ch().recv();
            }
            ticker.stop();
            stop.set(true);
        });
    }

    /**
     * The channel holds at most one tick: a reader that sleeps through many periods finds one
     * tick waiting, not a backlog (the others were dropped), and ticks go on coming afterwards.
     */
    @Test
    void slowReaderLosesTicks() {
        Go.run(() -> {
            Ticker ticker = new Ticker(Duration.ofMillis(1));
            assertEquals(1, ticker.ch().cap());
            for (int round = 0; round < 5; round++) {
                sleepMs(30); // about 30 periods unread
                int len = ticker.ch().len();
                assertTrue(len <= 1, "round " + round + ": a backlog of " + len + " ticks");
                assertNotNull(ticker.ch().recv(), "round " + round + ": no tick after drops");
            }
            ticker.stop();
            assertNull(ticker.ch().tryRecv(), "a tick after stop");
        });
    }

    /** Go 1.23: stop and reset remove a tick that was sent but not received. */
    @Test
    void stopAndResetDrainAnUnreadTick() {
        Go.run(() -> {
            Ticker ticker = new Ticker(Duration.ofMillis(1));
            while (ticker.ch().len() == 0) {
                sleepMs(1);
            }
            ticker.reset(Duration.ofHours(1));
            assertEquals(0, ticker.ch().len(), "reset left a stale tick");
            ticker.reset(Duration.ofMillis(1));
            while (ticker.ch().len() == 0) {
                sleepMs(1);
            }
            ticker.stop();
            assertEquals(0, ticker.ch().len(), "stop left a stale tick");
            sleepMs(5);
            assertNull(ticker.ch().tryRecv(), "a tick after stop");
        });
    }

    /** Go's TestTeardown: tearing a ticker down right after a tick does not deadlock. */
    @Test
    void teardown() {
        Go.run(() -> {
            for (int i = 0; i < 3; i++) {
                Ticker ticker = new Ticker(Duration.ofMillis(20));
                ticker.ch().recv();
                ticker.stop();
            }
        });
    }

    /**
     * Go's TestTickerStopWithDirectInitialization (Java has no zero Ticker): stopping a ticker
     * that was never read, twice, is harmless, and reset starts it again.
     */
    @Test
    void stopIsIdempotentAndResetRestarts() {
        Go.run(() -> {
            Ticker tk = new Ticker(Duration.ofHours(1));
            tk.stop();
            tk.stop();
            long t0 = System.nanoTime();
            tk.reset(Duration.ofMillis(5));
            tk.ch().recv();
            assertTrue(System.nanoTime() - t0 >= 5 * MS, "tick before the reset period");
            tk.ch().recv();
            assertTrue(System.nanoTime() - t0 >= 10 * MS, "second tick before two periods");
            tk.stop();
        });
    }

    /** Go's TestNewTickerLtZeroDuration and TestTickerResetLtZeroDuration: they panic. */
    @Test
    void nonPositiveIntervalsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ticker(Duration.ofNanos(-1)));
        assertEquals("non-positive interval for NewTicker", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Ticker(Duration.ZERO));
        assertEquals("non-positive interval for NewTicker", e.getMessage());
        Ticker tk = new Ticker(Duration.ofSeconds(1));
        e = assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
        assertEquals("non-positive interval for Ticker.Reset", e.getMessage());
        tk.stop();
        NullPointerException n = assertThrows(NullPointerException.class, () -> new Ticker(null));
        assertEquals("Ticker: the interval is null", n.getMessage());
        n = assertThrows(NullPointerException.class, () -> tk.reset(null));
        assertEquals("Ticker.reset: the interval is null", n.getMessage());
    }

    /** A ticker read from a plain thread, the scheduler started on its own. */
    @Test
    @SuppressWarnings("golib") // the plain thread blocks on the channel on purpose
    void tickerFromPlainThread() {
        long t0 = System.nanoTime();
        Ticker tk = new Ticker(Duration.ofMillis(5));
        for (int i = 0; i < 3; i++) {
            assertNotNull(tk.ch().recv());
        }
        tk.stop();
        assertTrue(System.nanoTime() - t0 >= 15 * MS, "3 ticks of 5 ms came early");
        assertNull(tk.ch().tryRecv(), "a tick after stop");
    }
}
