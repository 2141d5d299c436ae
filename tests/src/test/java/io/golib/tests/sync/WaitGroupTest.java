package io.golib.tests.sync;

import static io.golib.tests.sync.SyncSupport.SCALE;
import static io.golib.tests.sync.SyncSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.sync.WaitGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WaitGroup: Go's waitgroup_test.go cases, plus reuse, go(f) and threads. */
@Timeout(120)
class WaitGroupTest {

    /**
     * Go's TestWaitGroup: two groups as barriers, eight rounds on the same pair (so reuse must
     * leave them in a proper state). Nobody passes wg2 before all 16 done() calls.
     */
    @Test
    void barrierRounds() {
        WaitGroup wg1 = new WaitGroup();
        WaitGroup wg2 = new WaitGroup();
        Go.run(() -> {
            for (int round = 0; round < 8; round++) {
                int n = 16;
                wg1.add(n);
                wg2.add(n);
                AtomicInteger exited = new AtomicInteger();
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        wg1.done();
                        wg2.await();
                        exited.incrementAndGet();
                    });
                }
                wg1.await();
                for (int i = 0; i < n; i++) {
                    assertEquals(0, exited.get(), "round " + round + ": released group too soon");
                    wg2.done();
                }
                int r = round;
                eventually("round " + r + ": all 16 released", () -> exited.get() == n);
            }
        });
    }

    /** Go's TestWaitGroupMisuse, and the counter is left as it was. */
    @Test
    void negativeCounterThrowsAndChangesNothing() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        wg.done();
        IllegalStateException e = assertThrows(IllegalStateException.class, wg::done);
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        wg.add(2);
        e = assertThrows(IllegalStateException.class, () -> wg.add(-3));
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        assertEquals("WaitGroup[count=2, waiters=0]", wg.toString());
        Go.run(() -> {
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(5));
                wg.done();
                wg.done();
            });
            wg.await();
        });
        assertEquals("WaitGroup[count=0, waiters=0]", wg.toString());
        wg.await(); // zero: returns at once, also on a plain thread
    }

    /** Go's TestWaitGroupRace: await returns only after both done() calls. */
    @Test
    void noSpuriousWakeup() {
        int iterations = 1000 * SCALE;
        Go.run(() -> {
            for (int i = 0; i < iterations; i++) {
                WaitGroup wg = new WaitGroup();
                AtomicInteger n = new AtomicInteger();
                wg.add(1);
                Go.go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
                wg.add(1);
                Go.go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
                wg.await();
                assertEquals(2, n.get(), "iteration " + i + ": spurious wakeup from await");
            }
        });
    }

    /** Reuse across many rounds, with several waiters per round; every round fully counted. */
    @Test
    void reusedAcrossRounds() {
        WaitGroup wg = new WaitGroup();
        WaitGroup waiters = new WaitGroup();
        AtomicInteger work = new AtomicInteger();
        AtomicInteger behind = new AtomicInteger();
        int rounds = 200 * SCALE;
        int n = 20;
        Go.run(() -> {
            for (int round = 0; round < rounds; round++) {
                int expected = (round + 1) * n;
                wg.add(n);
                for (int w = 0; w < 3; w++) {
                    waiters.go(() -> {
                        wg.await();
                        if (work.get() < expected) {
                            behind.incrementAndGet();
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        work.incrementAndGet();
                        wg.done();
                    });
                }
                wg.await();
                waiters.await(); // every await of this round returned before the next add
            }
        });
        assertEquals(rounds * n, work.get());
        assertEquals(0, behind.get(), "await returned before its round's work was done");
    }

    /** go(f): counted, done even when f throws (the exception goes to the panic handler). */
    @Test
    void goCountsAndIsDoneEvenOnException() throws InterruptedException {
        List<Throwable> panics = new CopyOnWriteArrayList<>();
        Go.setPanicHandler(panics::add);
        try {
            WaitGroup wg = new WaitGroup();
            AtomicInteger ran = new AtomicInteger();
            Go.run(() -> {
                for (int i = 0; i < 100; i++) {
                    int k = i;
                    wg.go(() -> {
                        Go.sleep(Duration.ofMillis(k % 3));
                        ran.incrementAndGet();
                        if (k % 10 == 0) {
                            throw new IllegalArgumentException("boom " + k);
                        }
                    });
                }
                wg.await();
            });
            assertEquals(100, ran.get());
            awaitPanics(panics);
            assertEquals(10, panics.size());
            assertTrue(panics.get(0) instanceof IllegalArgumentException, panics.get(0).toString());
            NullPointerException e = assertThrows(NullPointerException.class, () -> wg.go(null));
            assertEquals("WaitGroup.go: f is null", e.getMessage());
            assertEquals("WaitGroup[count=0, waiters=0]", wg.toString());
        } finally {
            Go.setPanicHandler(t -> {
                System.err.print("golib: goroutine panicked: ");
                t.printStackTrace();
            });
        }
    }

    private static void awaitPanics(List<Throwable> panics) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (panics.size() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /**
     * A goroutine in a system call can still wake the main goroutine: not a deadlock.
     * (Regression: checkdead counted Ms in system calls as idle, and reported a deadlock while
     * the only goroutine that could act was blocked in withSyscall.)
     */
    @Test
    void goroutineInASystemCallCanStillWakeMain() {
        WaitGroup wg = new WaitGroup();
        Go.run(() -> {
            wg.add(1);
            Go.go(() -> {
                Go.withSyscall(() -> Thread.sleep(50));
                wg.done();
            });
            wg.await();
        });
    }

    /** Plain threads: a thread waits for goroutines, and goroutines wait for threads. */
    @Test
    void threadsAndGoroutinesWaitForEachOther() throws Exception {
        WaitGroup byGoroutines = new WaitGroup();
        WaitGroup byThreads = new WaitGroup();
        AtomicInteger sum = new AtomicInteger();
        int n = 8;
        byGoroutines.add(n);
        byThreads.add(n);
        Thread waiter = SyncSupport.startThread("waiter", () -> {
            byGoroutines.await();
            sum.addAndGet(1000);
        });
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Go.sleep(Duration.ofMillis(2));
                    sum.incrementAndGet();
                    byGoroutines.done();
                });
            }
            Thread[] ts = new Thread[n];
            for (int i = 0; i < n; i++) {
                ts[i] = SyncSupport.startThread("doner-" + i, () -> {
                    Thread.sleep(5);
                    byThreads.done();
                });
            }
            // A goroutine parks for the threads' done() calls. (The deadlock detector cannot
            // see plain threads, so main keeps a timer pending while they run: eventually.)
            WaitGroup parked = new WaitGroup();
            AtomicInteger released = new AtomicInteger();
            parked.go(() -> {
                byThreads.await();
                released.incrementAndGet();
            });
            eventually("the goroutine waiting for threads", () -> released.get() == 1);
            parked.await();
            SyncSupport.joinAll(ts);
        });
        waiter.join(20_000);
        assertEquals(1000 + n, sum.get());
    }
}
