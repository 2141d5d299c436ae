package io.golib.tests.sync;

import static io.golib.tests.sync.SyncSupport.SCALE;
import static io.golib.tests.sync.SyncSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.DeadlockException;
import io.golib.Go;
import io.golib.sync.Cond;
import io.golib.sync.Mutex;
import io.golib.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mutex: Go's mutex_test.go cases, plus threads, timed and interruptible locking. */
@Timeout(120)
class MutexTest {

    /** Go's TestMutex (HammerMutex): 10 goroutines lock and unlock one mutex, every pair counted. */
    @Test
    void hammerMutex() {
        Mutex m = new Mutex();
        long[] counter = {0};
        int loops = 1000 * SCALE;
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 10; i++) {
                wg.go(() -> {
                    for (int k = 0; k < loops; k++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                });
            }
            wg.await();
        });
        assertEquals(10L * loops, counter[0]);
        assertEquals("Mutex[unlocked]", m.toString());
    }

    /**
     * Mutual exclusion under heavy contention on two Ps: at most one goroutine is ever inside,
     * and no increment is lost, also when holders park (gosched) inside the critical section,
     * which drives the mutex into starvation mode.
     */
    @Test
    void mutualExclusionUnderContentionWithTwoProcs() {
        Mutex m = new Mutex();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        long[] counter = {0};
        int goroutines = 64;
        int loops = 2000 * SCALE;
        SyncSupport.runWithProcs(2, () -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < goroutines; i++) {
                wg.go(() -> {
                    for (int k = 0; k < loops; k++) {
                        m.lock();
                        if (inside.incrementAndGet() != 1) {
                            violations.incrementAndGet();
                        }
                        long c = counter[0];
                        if ((k & 15) == 0) {
                            Go.gosched(); // hold the lock across a reschedule
                        }
                        counter[0] = c + 1;
                        inside.decrementAndGet();
                        m.unlock();
                    }
                });
            }
            wg.await();
        });
        assertEquals(0, violations.get(), "goroutines inside the critical section together");
        assertEquals((long) goroutines * loops, counter[0], "increments");
        assertEquals("Mutex[unlocked]", m.toString());
    }

    /** Go's TestMutexFairness: a goroutine that keeps missing the lock gets it (starvation mode). */
    @Test
    void starvingGoroutineEventuallyGetsTheLock() {
        Mutex mu = new Mutex();
        AtomicBoolean stop = new AtomicBoolean();
        long[] took = {0};
        Go.run(() -> {
            WaitGroup hog = new WaitGroup();
            hog.go(() -> {
                while (!stop.get()) {
                    mu.lock();
                    Go.sleep(Duration.ofNanos(100_000));
                    mu.unlock();
                }
            });
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                Go.sleep(Duration.ofNanos(100_000));
                mu.lock();
                mu.unlock();
            }
            took[0] = System.nanoTime() - t0;
            stop.set(true);
            hog.await();
        });
        assertTrue(took[0] < TimeUnit.SECONDS.toNanos(10),
                "can't acquire Mutex in 10 seconds: took " + took[0] / 1_000_000 + " ms");
    }

    /** Go's mutexes are not owned: one goroutine locks, another unlocks. */
    @Test
    void anotherGoroutineMayUnlock() {
        Mutex m = new Mutex();
        AtomicInteger order = new AtomicInteger();
        Go.run(() -> {
            m.lock();
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                m.lock(); // waits for the unlock below, made by the main goroutine's helper
                order.compareAndSet(1, 2);
                m.unlock();
            });
            wg.go(() -> {
                Go.sleep(Duration.ofMillis(10));
                order.compareAndSet(0, 1);
                m.unlock(); // unlocks main's lock
            });
            wg.await();
        });
        assertEquals(2, order.get());
    }

    /** Go's TestMutexMisuse, as exceptions: unlocking an unlocked mutex changes nothing. */
    @Test
    void unlockOfUnlockedMutexThrowsAndChangesNothing() {
        Mutex mu = new Mutex();
        IllegalStateException e = assertThrows(IllegalStateException.class, mu::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        mu.lock();
        mu.unlock();
        e = assertThrows(IllegalStateException.class, mu::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertEquals("Mutex[unlocked]", mu.toString());
        assertTrue(mu.tryLock());
        assertFalse(mu.tryLock(), "tryLock of a locked mutex");
        mu.unlock();
        // with waiters queued, a wrong unlock still changes nothing
        Go.run(() -> {
            mu.lock();
            WaitGroup wg = new WaitGroup();
            AtomicInteger got = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                wg.go(() -> {
                    mu.lock();
                    got.incrementAndGet();
                    mu.unlock();
                });
            }
            eventually("3 waiters", () -> mu.toString().contains("3 waiters"));
            mu.unlock();
            wg.await();
            assertEquals(3, got.get());
            assertThrows(IllegalStateException.class, mu::unlock);
        });
        assertEquals("Mutex[unlocked]", mu.toString());
    }

    /** Goroutines and plain threads share one mutex: exclusion holds, nothing is lost. */
    @Test
    void goroutinesAndThreadsShareAMutex() {
        Mutex m = new Mutex();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        long[] counter = {0};
        int threads = 3;
        int goroutines = 16;
        int loops = 2000 * SCALE;
        SyncSupport.runWithProcs(2, () -> {
            Thread[] ts = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                ts[i] = SyncSupport.startThread("mutex-thread-" + i, () -> {
                    for (int k = 0; k < loops; k++) {
                        m.lock();
                        if (inside.incrementAndGet() != 1) {
                            violations.incrementAndGet();
                        }
                        counter[0]++;
                        if ((k & 63) == 0) {
                            Thread.yield();
                        }
                        inside.decrementAndGet();
                        m.unlock();
                    }
                });
            }
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < goroutines; i++) {
                wg.go(() -> {
                    for (int k = 0; k < loops; k++) {
                        m.lock();
                        if (inside.incrementAndGet() != 1) {
                            violations.incrementAndGet();
                        }
                        counter[0]++;
                        if ((k & 63) == 0) {
                            Go.gosched();
                        }
                        inside.decrementAndGet();
                        m.unlock();
                    }
                });
            }
            SyncSupport.joinAll(ts);
            wg.await();
        });
        assertEquals(0, violations.get(), "inside the critical section together");
        assertEquals((long) (threads + goroutines) * loops, counter[0]);
    }

    /** A goroutine waiting for a mutex shows Go's wait reason in the goroutine dump. */
    @Test
    void blockedGoroutineShowsItsWaitReason() {
        Mutex m = new Mutex();
        Go.run(() -> {
            m.lock();
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                m.lock();
                m.unlock();
            });
            eventually("a goroutine in [sync.Mutex.Lock]",
                    () -> Go.dumpGoroutines().contains("[sync.Mutex.Lock]"));
            m.unlock();
            wg.await();
        });
    }

    /** Locking twice deadlocks, and the deadlock report says where main waits. */
    @Test
    void selfDeadlockIsReported() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            Mutex m = new Mutex();
            m.lock();
            m.lock();
        }));
        assertTrue(e.getMessage().contains("[sync.Mutex.Lock]"), e.getMessage());
    }

    /** tryLock(time) on a plain thread: times out while held, succeeds when freed in time. */
    @Test
    void timedTryLockOnAThread() throws Exception {
        Mutex m = new Mutex();
        m.lock();
        long t0 = System.nanoTime();
        assertFalse(m.tryLock(50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50), "returned early");
        assertFalse(m.tryLock(0, TimeUnit.SECONDS));
        assertFalse(m.tryLock(-1, TimeUnit.SECONDS));
        Thread t = SyncSupport.startThread("unlocker", () -> {
            Thread.sleep(30);
            m.unlock();
        });
        assertTrue(m.tryLock(20, TimeUnit.SECONDS));
        t.join();
        assertEquals("Mutex[locked]", m.toString(), "no waiter left behind");
        m.unlock();
        assertThrows(NullPointerException.class, () -> m.tryLock(1, null));
    }

    /**
     * tryLock(time) in goroutines: times out while held (never early); succeeds when another
     * goroutine unlocks in time. With one P, that goroutine runs only because the timed wait
     * hands the P over, as a system call does.
     */
    @Test
    void timedTryLockInGoroutines() {
        Mutex m = new Mutex();
        boolean[] results = new boolean[2];
        long[] waited = {0};
        SyncSupport.runWithProcs(1, () -> {
            m.lock();
            long t0 = System.nanoTime();
            results[0] = m.tryLock(50, TimeUnit.MILLISECONDS);
            waited[0] = System.nanoTime() - t0;
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                Go.sleep(Duration.ofMillis(20));
                m.unlock();
            });
            results[1] = m.tryLock(20, TimeUnit.SECONDS);
            wg.await();
            m.unlock();
        });
        assertFalse(results[0], "tryLock while held");
        assertTrue(waited[0] >= TimeUnit.MILLISECONDS.toNanos(50), "returned early");
        assertTrue(results[1], "tryLock once another goroutine unlocked");
        assertEquals("Mutex[unlocked]", m.toString());
    }

    /**
     * Waiters that give up (timeouts, on threads and in goroutines) among waiters that do not:
     * exclusion holds, every untimed lock completes (a leaving waiter never takes a wakeup from
     * the others), and the mutex ends unlocked with no waiter counted.
     */
    @Test
    void waitersGivingUpNeverBreakTheMutex() {
        Mutex m = new Mutex();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicLong entered = new AtomicLong();
        AtomicLong timedOut = new AtomicLong();
        long[] counter = {0};
        int loops = 400 * SCALE;
        SyncSupport.runWithProcs(2, () -> {
            Thread[] ts = new Thread[3];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = SyncSupport.startThread("timed-" + i, () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int k = 0; k < loops; k++) {
                        if (m.tryLock(rnd.nextInt(0, 300), TimeUnit.MICROSECONDS)) {
                            enter(inside, violations, counter, entered);
                            m.unlock();
                        } else {
                            timedOut.incrementAndGet();
                        }
                    }
                });
            }
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 12; i++) {
                boolean timed = i % 3 == 0;
                wg.go(() -> {
                    for (int k = 0; k < loops; k++) {
                        if (timed) {
                            if (!m.tryLock(200, TimeUnit.MICROSECONDS)) {
                                timedOut.incrementAndGet();
                                continue;
                            }
                        } else {
                            m.lock();
                        }
                        enter(inside, violations, counter, entered);
                        if ((k & 7) == 0) {
                            Go.sleep(Duration.ofNanos(50_000)); // long enough to starve others
                        }
                        m.unlock();
                    }
                });
            }
            SyncSupport.joinAll(ts);
            wg.await();
        });
        assertEquals(0, violations.get(), "inside the critical section together");
        assertEquals(entered.get(), counter[0], "increments");
        assertTrue(timedOut.get() > 0, "no timed wait ever gave up: the test tests nothing");
        assertEquals("Mutex[unlocked]", m.toString());
    }

    private static void enter(AtomicInteger inside, AtomicInteger violations, long[] counter,
            AtomicLong entered) {
        if (inside.incrementAndGet() != 1) {
            violations.incrementAndGet();
        }
        counter[0]++;
        entered.incrementAndGet();
        inside.decrementAndGet();
    }

    /** lockInterruptibly on a plain thread: an interrupt ends the wait; nothing is left behind. */
    @Test
    void lockInterruptiblyOnAThread() throws Exception {
        Mutex m = new Mutex();
        m.lock();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread t = SyncSupport.startThread("interruptible", () -> {
            try {
                m.lockInterruptibly();
                got.set("locked");
            } catch (InterruptedException e) {
                got.set(e);
            }
        });
        SyncSupport.awaitBlocked(t);
        t.interrupt();
        t.join(20_000);
        assertInstanceOf(InterruptedException.class, got.get());
        assertEquals("Mutex[locked]", m.toString(), "the interrupted waiter left");
        m.unlock();
        assertTrue(m.tryLock());
        m.unlock();

        // interrupted on entry: throws at once, even though the mutex is free
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, m::lockInterruptibly);
        assertFalse(Thread.interrupted(), "InterruptedException clears the status");
        // lock() ignores interrupts and keeps the status
        Thread.currentThread().interrupt();
        m.lock();
        assertTrue(Thread.interrupted());
        m.unlock();
        m.lockInterruptibly();
        m.unlock();
        assertEquals("Mutex[unlocked]", m.toString());
    }

    /** Mutex.newCondition: a Cond; awaitNanos times out, signal wakes a waiting goroutine. */
    @Test
    void newConditionGivesAGoroutineAwareCondition() {
        Mutex m = new Mutex();
        Cond c = m.newCondition();
        boolean[] flag = {false};
        long[] left = {0};
        Go.run(() -> {
            m.lock();
            left[0] = c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(20));
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                m.lock();
                flag[0] = true;
                c.signal();
                m.unlock();
            });
            while (!flag[0]) {
                c.await();
            }
            m.unlock();
            wg.await();
        });
        assertTrue(left[0] <= 0, "awaitNanos timed out: " + left[0]);
        assertTrue(flag[0]);
    }

    /** {@code Lock l = new Mutex(); l.lock()} parks the waiting goroutine instead of pinning. */
    @Test
    void lockThroughTheLockInterfaceParks() {
        long pinnedBefore = io.golib.runtime.sched.Sched.get().pinnedParks();
        AtomicInteger inside = new AtomicInteger();
        Go.run(() -> {
            java.util.concurrent.locks.Lock l = new Mutex();
            java.util.concurrent.locks.Condition c = l.newCondition();
            WaitGroup wg = new WaitGroup();
            l.lock();
            for (int i = 0; i < 4; i++) {
                wg.go(() -> {
                    l.lock();
                    try {
                        inside.incrementAndGet();
                        c.signal();
                    } finally {
                        l.unlock();
                    }
                });
            }
            Go.sleep(Duration.ofMillis(5)); // the four wait in l.lock()
            while (inside.get() < 4) {
                c.await();
            }
            l.unlock();
            wg.await();
        });
        assertEquals(4, inside.get());
        assertEquals(pinnedBefore, io.golib.runtime.sched.Sched.get().pinnedParks(),
                "Lock.lock/Condition.await on golib's Mutex must park, not pin");
    }
}
