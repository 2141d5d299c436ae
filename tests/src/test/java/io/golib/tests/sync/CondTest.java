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
import java.util.Date;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cond: Go's cond_test.go cases (channels replaced by counters the main goroutine polls), plus
 * JDK locks and threads, the Condition methods, and timed waiters that leave.
 */
@Timeout(120)
class CondTest {

    /** Go's TestCondSignal: each signal wakes exactly one of the waiters. */
    @Test
    void signalWakesOne() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 2;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger awake = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    m.lock();
                    running.incrementAndGet();
                    c.await();
                    awake.incrementAndGet();
                    m.unlock();
                });
            }
            eventually("everyone running", () -> running.get() == n);
            for (int woken = 0; woken < n; woken++) {
                assertEquals(woken, awake.get(), "goroutine not asleep");
                m.lock(); // they all hold m until they wait: now they wait
                c.signal();
                m.unlock();
                int w = woken + 1;
                eventually("a goroutine to wake", () -> awake.get() >= w);
                assertEquals(w, awake.get(), "too many goroutines awake");
            }
            c.signal(); // nobody waits: nothing happens
        });
    }

    /** Go's TestCondSignalGenerations: a signal wakes the waiter that has waited longest. */
    @Test
    void signalGenerations() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 100;
        AtomicInteger running = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> awake = new ConcurrentLinkedQueue<>();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                int id = i;
                Go.go(() -> {
                    m.lock();
                    running.incrementAndGet();
                    c.await();
                    awake.add(id);
                    m.unlock();
                });
                if (i > 0) {
                    eventually("goroutine " + (i - 1) + " to wake", () -> !awake.isEmpty());
                    int a = awake.poll();
                    assertEquals(i - 1, a, "wrong goroutine woke up");
                }
                int r = i + 1;
                eventually("goroutine " + i + " running", () -> running.get() == r);
                m.lock();
                c.signal();
                m.unlock();
            }
        });
    }

    /** Go's TestCondBroadcast: every round, a broadcast wakes all 200 waiters exactly once. */
    @Test
    void broadcastWakesAll() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 200;
        AtomicInteger running = new AtomicInteger();
        AtomicIntegerArray wakes = new AtomicIntegerArray(n);
        AtomicInteger awake = new AtomicInteger();
        boolean[] exit = {false};
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                int g = i;
                wg.go(() -> {
                    m.lock();
                    while (!exit[0]) {
                        running.incrementAndGet();
                        c.await();
                        wakes.incrementAndGet(g);
                        awake.incrementAndGet();
                    }
                    m.unlock();
                });
            }
            for (int round = 0; round < n; round++) {
                int r = round;
                eventually("round " + r + ": " + n + " running",
                        () -> running.get() == (r + 1) * n);
                if (round == n - 1) {
                    m.lock();
                    exit[0] = true;
                    m.unlock();
                }
                assertEquals(round * n, awake.get(), "goroutine not asleep");
                m.lock();
                c.broadcast();
                m.unlock();
                eventually("round " + r + ": all awake", () -> awake.get() == (r + 1) * n);
                for (int g = 0; g < n; g++) {
                    assertEquals(round + 1, wakes.get(g), "goroutine " + g + " wakes");
                }
            }
            wg.await();
            assertEquals(n * n, running.get(), "goroutine did not exit");
            c.broadcast();
        });
    }

    /** Go's TestRace: three goroutines pass x along with signals under the lock. */
    @Test
    void raceOverSharedState() {
        int iterations = 100 * SCALE;
        AtomicInteger errors = new AtomicInteger();
        Go.run(() -> {
            for (int it = 0; it < iterations; it++) {
                int[] x = {0};
                Mutex mu = new Mutex();
                Cond c = new Cond(mu);
                WaitGroup done = new WaitGroup();
                done.go(() -> {
                    mu.lock();
                    x[0] = 1;
                    c.await();
                    if (x[0] != 2) {
                        errors.incrementAndGet(); // want 2
                    }
                    x[0] = 3;
                    c.signal();
                    mu.unlock();
                });
                done.go(() -> {
                    mu.lock();
                    while (true) {
                        if (x[0] == 1) {
                            x[0] = 2;
                            c.signal();
                            break;
                        }
                        mu.unlock();
                        Go.gosched();
                        mu.lock();
                    }
                    mu.unlock();
                });
                done.go(() -> {
                    mu.lock();
                    while (true) {
                        if (x[0] == 2) {
                            c.await();
                            if (x[0] != 3) {
                                errors.incrementAndGet(); // want 3
                            }
                            break;
                        }
                        if (x[0] == 3) {
                            break;
                        }
                        mu.unlock();
                        Go.gosched();
                        mu.lock();
                    }
                    mu.unlock();
                });
                done.await();
            }
        });
        assertEquals(0, errors.get());
    }

    /**
     * Go's TestCondSignalStealing: a broadcast racing with a new waiter must still wake the
     * waiter that was already waiting (the newcomer may or may not be woken).
     */
    @Test
    void signalStealing() {
        int iterations = 1000 * SCALE;
        Go.run(() -> {
            for (int it = 0; it < iterations; it++) {
                Mutex m = new Mutex();
                Cond cond = new Cond(m);
                AtomicInteger stage = new AtomicInteger();
                boolean[] done = {false};
                WaitGroup all = new WaitGroup();
                all.go(() -> {
                    m.lock();
                    stage.set(1);
                    cond.await();
                    m.unlock();
                    stage.set(2);
                });
                eventually("the first waiter", () -> stage.get() >= 1);
                m.lock(); // the waiter is inside await now
                m.unlock();
                all.go(cond::broadcast);
                all.go(() -> {
                    m.lock();
                    while (!done[0]) {
                        cond.await();
                    }
                    m.unlock();
                });
                // Go allows 2 s; 10 s here, for loaded shared machines (a hang still fails)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stage.get() != 2) {
                    assertTrue(System.nanoTime() - deadline < 0,
                            "iteration " + it + ": first waiter didn't get broadcast");
                    Go.gosched();
                }
                // Release the second waiter in case it didn't get the broadcast.
                m.lock();
                done[0] = true;
                m.unlock();
                cond.broadcast();
                all.await();
            }
        });
    }

    /** A main goroutine waiting on a Cond nobody will signal: a deadlock, reported with the
     *  wait reason. */
    @Test
    void waitWithoutSignalerIsADeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            m.lock();
            c.await();
        }));
        assertTrue(e.getMessage().contains("[sync.Cond.Wait]"), e.getMessage());
    }

    /** Plain threads with a JDK lock: Cond is an ordinary condition variable for them. */
    @Test
    void threadsWithAReentrantLock() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Cond c = new Cond(lock);
        int[] box = {0};
        int items = 2000 * SCALE;
        AtomicLong sum = new AtomicLong();
        Thread consumer = SyncSupport.startThread("consumer", () -> {
            for (int i = 1; i <= items; i++) {
                lock.lock();
                try {
                    while (box[0] == 0) {
                        c.await();
                    }
                    sum.addAndGet(box[0]);
                    box[0] = 0;
                    c.signal();
                } finally {
                    lock.unlock();
                }
            }
        });
        for (int i = 1; i <= items; i++) {
            lock.lock();
            try {
                while (box[0] != 0) {
                    c.await();
                }
                box[0] = i;
                c.signal();
            } finally {
                lock.unlock();
            }
        }
        consumer.join(30_000);
        assertFalse(consumer.isAlive(), "consumer stuck");
        assertEquals((long) items * (items + 1) / 2, sum.get());
    }

    /**
     * Goroutines and threads wait on the same Cond over a Mutex; a broadcast from a plain thread
     * wakes them all. (No main goroutine: the deadlock detector cannot see the threads, which
     * hold the mutex at times while every goroutine waits.)
     */
    @Test
    void goroutinesAndThreadsOnOneCond() throws Exception {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        boolean[] go = {false};
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger woke = new AtomicInteger();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = SyncSupport.startThread("cond-thread-" + i, () -> {
                m.lock();
                waiting.incrementAndGet();
                while (!go[0]) {
                    c.await();
                }
                woke.incrementAndGet();
                m.unlock();
            });
        }
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 8; i++) {
            wg.go(() -> {
                m.lock();
                waiting.incrementAndGet();
                while (!go[0]) {
                    c.await();
                }
                woke.incrementAndGet();
                m.unlock();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waiting.get() < 12) {
            assertTrue(System.nanoTime() < deadline, "12 waiters: " + waiting.get());
            Thread.sleep(1);
        }
        m.lock();
        go[0] = true;
        c.broadcast();
        m.unlock();
        wg.await(); // this thread blocks until the goroutines are done
        for (Thread t : ts) {
            t.join(20_000);
        }
        assertEquals(12, woke.get());
    }

    /**
     * Waiters that time out never absorb a signal: tickets A (waits), B1, B2 (time out), C
     * (waits). Two signals must wake A and C; the second must skip the dead tickets.
     */
    @Test
    void timedOutWaitersDoNotAbsorbSignals() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        boolean[] release = {false};
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger woke = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 4; i++) {
                boolean timed = i == 1 || i == 2;
                wg.go(() -> {
                    m.lock();
                    entered.incrementAndGet();
                    if (timed) {
                        if (c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(30)) <= 0) {
                            timedOut.incrementAndGet();
                        }
                    } else {
                        while (!release[0]) {
                            c.await();
                        }
                        woke.incrementAndGet();
                    }
                    m.unlock();
                });
                int e = i + 1;
                eventually("waiter " + i, () -> entered.get() == e);
                m.lock(); // waiter i has its ticket and waits: tickets go in order
                m.unlock();
            }
            eventually("the timed waiters to time out", () -> timedOut.get() == 2);
            m.lock();
            release[0] = true;
            c.signal();
            m.unlock();
            eventually("the first signal to wake one", () -> woke.get() == 1);
            m.lock();
            c.signal();
            m.unlock();
            eventually("the second signal to wake the other", () -> woke.get() == 2);
            wg.await();
        });
    }

    /** A ticket whose unlock failed (lock not held) is given up; it absorbs no signal. */
    @Test
    void failedUnlockGivesTheTicketUp() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Cond c = new Cond(lock);
        assertThrows(IllegalMonitorStateException.class, c::await);
        AtomicBoolean ready = new AtomicBoolean();
        AtomicBoolean woke = new AtomicBoolean();
        Thread t = SyncSupport.startThread("waiter", () -> {
            lock.lock();
            try {
                while (!ready.get()) {
                    c.await();
                }
                woke.set(true);
            } finally {
                lock.unlock();
            }
        });
        SyncSupport.awaitBlocked(t);
        lock.lock();
        ready.set(true);
        c.signal();
        lock.unlock();
        t.join(5_000);
        assertTrue(woke.get(), "the signal went to the abandoned ticket");
    }

    /** The timed Condition methods on a plain thread: results, interrupts, the lock held. */
    @Test
    void timedConditionMethodsOnAThread() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Cond c = new Cond(lock);
        lock.lock();
        try {
            assertFalse(c.await(10, TimeUnit.MILLISECONDS), "await(time) timed out");
            assertTrue(c.awaitNanos(1_000_000) <= 0);
            assertFalse(c.awaitUntil(new Date(System.currentTimeMillis() + 10)));
            assertFalse(c.awaitUntil(new Date(0)), "a deadline in the past");
            assertTrue(lock.isHeldByCurrentThread());
            assertThrows(NullPointerException.class, () -> c.await(1, null));
        } finally {
            lock.unlock();
        }
        AtomicReference<Object> got = new AtomicReference<>();
        Thread t = SyncSupport.startThread("interrupted", () -> {
            lock.lock();
            try {
                c.await(20, TimeUnit.SECONDS);
                got.set("returned");
            } catch (InterruptedException e) {
                got.set(lock.isHeldByCurrentThread() ? e : "lock not held");
            } finally {
                lock.unlock();
            }
        });
        SyncSupport.awaitBlocked(t);
        t.interrupt();
        t.join(5_000);
        assertInstanceOf(InterruptedException.class, got.get());
        // a signal after the interrupted waiter left still reaches a new waiter
        AtomicBoolean woke = new AtomicBoolean();
        Thread t2 = SyncSupport.startThread("signalled", () -> {
            lock.lock();
            try {
                woke.set(c.await(20, TimeUnit.SECONDS));
            } finally {
                lock.unlock();
            }
        });
        SyncSupport.awaitBlocked(t2);
        lock.lock();
        c.signalAll();
        lock.unlock();
        t2.join(5_000);
        assertTrue(woke.get(), "await(time) signalled");
    }

    @Test
    void nullLockIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Cond(null));
        assertEquals("Cond: the lock is null", e.getMessage());
    }
}
