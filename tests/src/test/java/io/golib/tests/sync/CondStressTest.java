package io.golib.tests.sync;

import static io.golib.tests.sync.SyncSupport.SCALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.sync.Cond;
import io.golib.sync.Mutex;
import io.golib.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 5,000 producer/consumer goroutine pairs, each handing values over through one slot guarded by
 * its own Mutex and Cond, on two Ps while a CPU-bound goroutine keeps getting preempted by
 * sysmon. Every handoff is counted and checked in order; a hang fails after 60 s instead of
 * stalling the build.
 */
class CondStressTest {
    static volatile boolean stop;

    /** A tight loop with no parking operation: only sysmon's preemption makes it yield. */
    @Goroutine
    static long spin() {
        long n = 0;
        while (!stop) {
            n++;
        }
        return n;
    }

    @Test
    void fiveThousandPairsUnderPreemption() {
        int pairs = 5000;
        int handoffs = 10 * SCALE;
        AtomicLong counted = new AtomicLong();
        AtomicInteger outOfOrder = new AtomicInteger();
        long[] spun = {0};
        stop = false;
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                SyncSupport.runWithProcs(2, () -> {
                    WaitGroup spinner = new WaitGroup();
                    spinner.go(() -> spun[0] = spin());
                    WaitGroup wg = new WaitGroup();
                    for (int p = 0; p < pairs; p++) {
                        Mutex mu = new Mutex();
                        Cond cond = new Cond(mu);
                        int[] slot = {0, -1}; // {full, value}
                        wg.go(() -> {
                            for (int k = 0; k < handoffs; k++) {
                                mu.lock();
                                while (slot[0] == 1) {
                                    cond.await();
                                }
                                slot[0] = 1;
                                slot[1] = k;
                                cond.signal();
                                mu.unlock();
                            }
                        });
                        wg.go(() -> {
                            for (int k = 0; k < handoffs; k++) {
                                mu.lock();
                                while (slot[0] == 0) {
                                    cond.await();
                                }
                                if (slot[1] != k) {
                                    outOfOrder.incrementAndGet();
                                }
                                slot[0] = 0;
                                counted.incrementAndGet();
                                cond.signal();
                                mu.unlock();
                            }
                        });
                    }
                    wg.await();
                    stop = true;
                    spinner.await();
                });
            }, "Cond pairs did not finish in 60 s (a lost wakeup?)");
        } finally {
            stop = true; // on failure too, or the spinner outlives the test
        }
        assertEquals((long) pairs * handoffs, counted.get(), "handoffs");
        assertEquals(0, outOfOrder.get(), "values out of order");
        assertTrue(spun[0] > 0, "the spinner ran");
    }

    /**
     * Signals reach an untimed waiter while timed waiters (goroutines and threads) keep taking
     * tickets around it and leaving. A producer hands items one at a time to a consumer and
     * waits for each to be taken: a signal absorbed by a waiter that already left would leave the
     * consumer asleep for good (a hang). A timed waiter that was signalled passes the signal on,
     * as it may legitimately be the one woken.
     */
    @Test
    void signalsReachAnUntimedWaiterAmongLeavingOnes() {
        int items = 5_000 * SCALE;
        Mutex m = new Mutex();
        Cond c = new Cond(m);     // consumer and noise wait here
        Cond taken = new Cond(m); // the producer waits here
        int[] state = {0, 0};     // {item present, consumed}
        AtomicBoolean finished = new AtomicBoolean();
        AtomicLong leftEarly = new AtomicLong();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                Thread[] noise = new Thread[2];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = SyncSupport.startThread("noise-" + i, () -> {
                        while (!finished.get()) {
                            noiseWait(m, c, leftEarly);
                        }
                    });
                }
                SyncSupport.runWithProcs(2, () -> {
                    AtomicBoolean beatStop = new AtomicBoolean();
                    WaitGroup beat = SyncSupport.heartbeat(beatStop); // noise threads lock m too
                    WaitGroup wg = new WaitGroup();
                    for (int i = 0; i < 2; i++) {
                        wg.go(() -> {
                            while (!finished.get()) {
                                noiseWait(m, c, leftEarly);
                            }
                        });
                    }
                    WaitGroup consumer = new WaitGroup();
                    consumer.go(() -> {
                        m.lock();
                        for (int k = 0; k < items; k++) {
                            while (state[0] == 0) {
                                c.await();
                            }
                            state[0] = 0;
                            state[1]++;
                            taken.signal();
                        }
                        m.unlock();
                    });
                    m.lock();
                    for (int k = 0; k < items; k++) {
                        state[0] = 1;
                        c.signal();
                        while (state[0] == 1) {
                            taken.await();
                        }
                    }
                    m.unlock();
                    consumer.await();
                    finished.set(true);
                    SyncSupport.joinAll(noise);
                    wg.await();
                    beatStop.set(true);
                    beat.await();
                });
            }, "a signal was lost among leaving waiters");
        } finally {
            finished.set(true);
        }
        assertEquals(items, state[1], "consumed");
        assertTrue(leftEarly.get() > 0, "no timed waiter ever left: the test tests nothing");
    }

    /** One timed wait of a noise waiter; a signal it received goes on to the next waiter. */
    @Goroutine
    private static void noiseWait(Mutex m, Cond c, AtomicLong leftEarly) throws Exception {
        m.lock();
        try {
            if (c.await(ThreadLocalRandom.current().nextInt(1, 200), TimeUnit.MICROSECONDS)) {
                c.signal();
            } else {
                leftEarly.incrementAndGet();
            }
        } finally {
            m.unlock();
        }
    }
}
