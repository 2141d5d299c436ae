package io.golib.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.chan.Chan;
import java.time.Duration;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers armed from goroutines and plain threads at random short delays while the scheduler
 * keeps going idle, so carriers often sleep until a deadline and are woken for an earlier one.
 * Scaled by {@code -Dgolib.stress.scale} (default 1: a few seconds).
 *
 * <p>Regression: a wake-up aimed at the timer-sleeping carrier (Sched.wakeForTimer) that arrived
 * just after its sleep timed out stayed pending; the carrier's next idle sleep (stopm) returned
 * at once without a P and died of a NullPointerException, while still on the idle list, so the
 * P later handed to it was lost and the program hung.
 */
@Timeout(120)
class TimerStressTest {
    private static final double SCALE =
            Double.parseDouble(System.getProperty("golib.stress.scale", "1"));

    @Test
    @SuppressWarnings("golib") // the plain threads block on their timers on purpose
    void timersFromEverywhereAllFireAndNoCarrierDies() throws Exception {
        Queue<Throwable> died = new ConcurrentLinkedQueue<>();
        Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> died.add(e));
        try {
            int rounds = (int) Math.max(200, 2_000 * SCALE);
            AtomicInteger fired = new AtomicInteger();
            Thread[] plain = new Thread[2];
            for (int k = 0; k < plain.length; k++) {
                plain[k] = new Thread(() -> {
                    Random r = new Random();
                    for (int i = 0; i < rounds; i++) {
                        new Timer(Duration.ofNanos(r.nextInt(300_000))).ch().recv();
                        fired.incrementAndGet();
                    }
                });
                plain[k].start();
            }
            Go.run(() -> {
                Chan<Boolean> done = Chan.make(4);
                for (int w = 0; w < 4; w++) {
                    Go.go(() -> {
                        Random r = new Random();
                        for (int i = 0; i < rounds; i++) {
                            if (r.nextBoolean()) {
                                Time.after(Duration.ofNanos(r.nextInt(300_000))).recv();
                            } else {
                                Go.sleep(Duration.ofNanos(r.nextInt(300_000)));
                            }
                            fired.incrementAndGet();
                        }
                        done.send(true);
                    });
                }
                for (int w = 0; w < 4; w++) {
                    done.recv();
                }
            });
            for (Thread t : plain) {
                t.join();
            }
            assertEquals(6 * rounds, fired.get());
            assertTrue(died.isEmpty(), () -> "a thread died: " + died.peek());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(old);
        }
    }

    /**
     * Plain threads arm timers as fast as they can (never waiting for them) while goroutines
     * sleep for random short times: arming wakes the carrier that sleeps until a later deadline,
     * and many of those wake-ups land just as its sleep times out.
     */
    @Test
    void armingStormAgainstTimerSleepers() throws Exception {
        Queue<Throwable> died = new ConcurrentLinkedQueue<>();
        Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> died.add(e));
        try {
            long stormNanos = (long) (Math.max(0.5, 2 * SCALE) * 1e9);
            java.util.concurrent.atomic.AtomicBoolean stop =
                    new java.util.concurrent.atomic.AtomicBoolean();
            AtomicInteger armed = new AtomicInteger();
            Thread[] plain = new Thread[2];
            for (int k = 0; k < plain.length; k++) {
                plain[k] = new Thread(() -> {
                    Random r = new Random();
                    while (!stop.get()) {
                        new Timer(Duration.ofNanos(r.nextInt(100_000)));
                        armed.incrementAndGet();
                        for (int spin = r.nextInt(2_000); spin > 0; spin--) {
                            Thread.onSpinWait();
                        }
                    }
                });
                plain[k].start();
            }
            AtomicInteger slept = new AtomicInteger();
            Go.run(() -> {
                Chan<Boolean> done = Chan.make(4);
                long end = System.nanoTime() + stormNanos;
                for (int w = 0; w < 4; w++) {
                    Go.go(() -> {
                        Random r = new Random();
                        while (System.nanoTime() < end) {
                            Go.sleep(Duration.ofNanos(r.nextInt(200_000)));
                            slept.incrementAndGet();
                        }
                        done.send(true);
                    });
                }
                for (int w = 0; w < 4; w++) {
                    done.recv();
                }
            });
            stop.set(true);
            for (Thread t : plain) {
                t.join();
            }
            assertTrue(armed.get() > 0 && slept.get() > 0);
            // The scheduler still runs goroutines and timers after the storm.
            Go.run(() -> Time.after(Duration.ofMillis(1)).recv());
            assertTrue(died.isEmpty(), () -> "a thread died: " + died.peek());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(old);
        }
    }
}
