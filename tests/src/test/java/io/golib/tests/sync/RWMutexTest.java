package io.golib.tests.sync;

import static io.golib.tests.sync.SyncSupport.SCALE;
import static io.golib.tests.sync.SyncSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.sync.Cond;
import io.golib.sync.RWMutex;
import io.golib.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RWMutex: Go's rwmutex_test.go cases, plus writer preference, threads and timed locking. */
@Timeout(120)
class RWMutexTest {

    /** Go's TestParallelReaders: all readers hold the read lock at the same time. */
    @Test
    void parallelReaders() {
        int[][] cases = {{1, 4}, {3, 4}, {4, 2}};
        for (int[] c : cases) {
            int readers = c[0];
            SyncSupport.runWithProcs(c[1], () -> {
                RWMutex m = new RWMutex();
                AtomicInteger locked = new AtomicInteger();
                AtomicBoolean unlock = new AtomicBoolean();
                WaitGroup done = new WaitGroup();
                for (int i = 0; i < readers; i++) {
                    done.go(() -> {
                        m.rLock();
                        locked.incrementAndGet();
                        eventually("the unlock signal", unlock::get);
                        m.rUnlock();
                    });
                }
                eventually(readers + " parallel RLocks", () -> locked.get() == readers);
                unlock.set(true);
                done.await();
                assertEquals("RWMutex[unlocked]", m.toString());
            });
        }
    }

    /**
     * Go's TestRWMutex (HammerRWMutex): two writers and some readers; activity counts readers
     * plus 10000 per writer, so a writer must always see exactly 10000 and a reader less.
     */
    @Test
    void hammer() {
        int n = 1000 * SCALE;
        int[][] cases = {{1, 1}, {1, 3}, {1, 10}, {4, 1}, {4, 3}, {4, 10}, {10, 1}, {10, 3},
            {10, 10}, {10, 5}};
        for (int[] c : cases) {
            AtomicInteger violations = new AtomicInteger();
            SyncSupport.runWithProcs(c[0], () -> hammerOnce(c[1], n, violations));
            assertEquals(0, violations.get(), "GOMAXPROCS " + c[0] + ", " + c[1] + " readers");
        }
    }

    @Goroutine
    private static void hammerOnce(int numReaders, int iterations, AtomicInteger violations) {
        RWMutex rwm = new RWMutex();
        AtomicInteger activity = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        wg.go(() -> writer(rwm, iterations, activity, violations));
        int i = 0;
        for (; i < numReaders / 2; i++) {
            wg.go(() -> reader(rwm, iterations, activity, violations));
        }
        wg.go(() -> writer(rwm, iterations, activity, violations));
        for (; i < numReaders; i++) {
            wg.go(() -> reader(rwm, iterations, activity, violations));
        }
        wg.await();
    }

    @Goroutine
    private static void reader(RWMutex rwm, int iterations, AtomicInteger activity,
            AtomicInteger violations) {
        for (int i = 0; i < iterations; i++) {
            rwm.rLock();
            int n = activity.incrementAndGet();
            if (n < 1 || n >= 10000) {
                violations.incrementAndGet();
            }
            if ((i & 31) == 0) {
                Go.gosched();
            }
            activity.addAndGet(-1);
            rwm.rUnlock();
        }
    }

    @Goroutine
    private static void writer(RWMutex rwm, int iterations, AtomicInteger activity,
            AtomicInteger violations) {
        for (int i = 0; i < iterations; i++) {
            rwm.lock();
            int n = activity.addAndGet(10000);
            if (n != 10000) {
                violations.incrementAndGet();
            }
            if ((i & 31) == 0) {
                Go.gosched();
            }
            activity.addAndGet(-10000);
            rwm.unlock();
        }
    }

    /**
     * Go's TestRLocker: through the Lock views, two read locks keep the writer out until both
     * are released, and the write lock keeps readers out.
     */
    @Test
    void lockViews() {
        RWMutex wl = new RWMutex();
        Lock rl = wl.readLock();
        int n = 10;
        AtomicInteger rlocked = new AtomicInteger();
        AtomicInteger wlocked = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                for (int i = 0; i < n; i++) {
                    wl.readLock().lock();
                    wl.readLock().lock();
                    rlocked.incrementAndGet();
                    wl.writeLock().lock();
                    wlocked.incrementAndGet();
                }
            });
            for (int i = 0; i < n; i++) {
                int k = i + 1;
                eventually("read locked " + k, () -> rlocked.get() == k);
                rl.unlock();
                Go.sleep(Duration.ofMillis(1));
                assertEquals(i, wlocked.get(), "readLock() didn't read-lock it");
                rl.unlock();
                eventually("write locked " + k, () -> wlocked.get() == k);
                assertEquals(k, rlocked.get(), "readLock() didn't respect the write lock");
                wl.writeLock().unlock();
            }
            wg.await();
        });
    }

    /** Go's misuse cases, as exceptions that change nothing. */
    @Test
    void unlockMisuseThrowsAndChangesNothing() {
        RWMutex mu = new RWMutex();
        assertEquals("sync: Unlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, mu::unlock).getMessage());
        assertEquals("sync: RUnlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, mu::rUnlock).getMessage());
        mu.rLock();
        assertThrows(IllegalStateException.class, mu::unlock);
        assertEquals("RWMutex[1 reader]", mu.toString());
        mu.rUnlock();
        assertThrows(IllegalStateException.class, mu::rUnlock);
        mu.lock();
        assertThrows(IllegalStateException.class, mu::rUnlock);
        assertEquals("RWMutex[writer]", mu.toString());
        mu.unlock();
        assertThrows(IllegalStateException.class, mu::unlock);
        assertEquals("RWMutex[unlocked]", mu.toString());
        assertTrue(mu.tryLock());
        mu.unlock();
    }

    /** tryLock and tryRLock (Go 1.18): never wait. */
    @Test
    void tryLocks() {
        RWMutex mu = new RWMutex();
        assertTrue(mu.tryRLock());
        assertTrue(mu.tryRLock());
        assertFalse(mu.tryLock(), "tryLock while read-locked");
        mu.rUnlock();
        mu.rUnlock();
        assertTrue(mu.tryLock());
        assertFalse(mu.tryRLock(), "tryRLock while write-locked");
        assertFalse(mu.tryLock());
        mu.unlock();
        assertEquals("RWMutex[unlocked]", mu.toString());
    }

    /**
     * Writer preference: once a writer waits, a new reader waits too (tryRLock fails), and gets
     * in after the writer. Also the wait reasons of both.
     */
    @Test
    void writerPreferenceAndWaitReasons() {
        RWMutex mu = new RWMutex();
        AtomicInteger order = new AtomicInteger();
        int[] writerAt = {0};
        int[] readerAt = {0};
        Go.run(() -> {
            mu.rLock();
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                mu.lock();
                writerAt[0] = order.incrementAndGet();
                mu.unlock();
            });
            eventually("the writer to wait", () -> Go.dumpGoroutines()
                    .contains("[sync.RWMutex.Lock]"));
            assertFalse(mu.tryRLock(), "a reader got in ahead of a waiting writer");
            wg.go(() -> {
                mu.rLock();
                readerAt[0] = order.incrementAndGet();
                mu.rUnlock();
            });
            eventually("the reader to wait", () -> Go.dumpGoroutines()
                    .contains("[sync.RWMutex.RLock]"));
            mu.rUnlock();
            wg.await();
        });
        assertEquals(1, writerAt[0], "the writer first");
        assertEquals(2, readerAt[0], "then the reader");
    }

    /** Goroutines and plain threads, readers and writers, on one RWMutex. */
    @Test
    void goroutinesAndThreads() {
        RWMutex rwm = new RWMutex();
        AtomicInteger activity = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        int loops = 1000 * SCALE;
        SyncSupport.runWithProcs(2, () -> {
            Thread[] ts = new Thread[4];
            for (int i = 0; i < ts.length; i++) {
                boolean writes = i == 0;
                ts[i] = SyncSupport.startThread("rw-thread-" + i, () -> {
                    for (int k = 0; k < loops; k++) {
                        if (writes) {
                            rwm.writeLock().lock();
                            if (activity.addAndGet(10000) != 10000) {
                                violations.incrementAndGet();
                            }
                            activity.addAndGet(-10000);
                            rwm.writeLock().unlock();
                        } else {
                            rwm.readLock().lock();
                            int n = activity.incrementAndGet();
                            if (n < 1 || n >= 10000) {
                                violations.incrementAndGet();
                            }
                            activity.decrementAndGet();
                            rwm.readLock().unlock();
                        }
                    }
                });
            }
            WaitGroup wg = new WaitGroup();
            wg.go(() -> writer(rwm, loops, activity, violations));
            for (int i = 0; i < 6; i++) {
                wg.go(() -> reader(rwm, loops, activity, violations));
            }
            SyncSupport.joinAll(ts);
            wg.await();
        });
        assertEquals(0, violations.get());
        assertEquals("RWMutex[unlocked]", rwm.toString());
    }

    /** Timed read lock: fails while a writer holds it, succeeds once the writer unlocks. */
    @Test
    void timedReadLock() throws Exception {
        RWMutex mu = new RWMutex();
        mu.lock();
        assertFalse(mu.readLock().tryLock(30, TimeUnit.MILLISECONDS));
        Thread t = SyncSupport.startThread("writer-unlocks", () -> {
            Thread.sleep(30);
            mu.unlock();
        });
        assertTrue(mu.readLock().tryLock(20, TimeUnit.SECONDS));
        t.join();
        assertEquals("RWMutex[1 reader]", mu.toString());
        mu.readLock().unlock();
        boolean[] got = new boolean[2];
        Go.run(() -> {
            mu.lock();
            got[0] = mu.readLock().tryLock(30, TimeUnit.MILLISECONDS);
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                Go.sleep(Duration.ofMillis(20));
                mu.unlock();
            });
            got[1] = mu.readLock().tryLock(20, TimeUnit.SECONDS);
            wg.await();
            mu.rUnlock();
        });
        assertFalse(got[0], "goroutine: tryLock(time) while write-locked");
        assertTrue(got[1], "goroutine: tryLock(time) once unlocked");
        assertEquals("RWMutex[unlocked]", mu.toString());
    }

    /**
     * Timed write lock: while a reader holds it, it times out; the pending write is finished
     * (and released) once the reader leaves, so the lock ends up free. Then it succeeds.
     */
    @Test
    void timedWriteLock() throws Exception {
        RWMutex mu = new RWMutex();
        mu.rLock();
        assertFalse(mu.writeLock().tryLock(30, TimeUnit.MILLISECONDS), "while read-locked");
        mu.rUnlock();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!mu.toString().equals("RWMutex[unlocked]")) {
            assertTrue(System.nanoTime() < deadline, "never released: " + mu);
            Thread.sleep(1);
        }
        mu.lock();
        Thread t = SyncSupport.startThread("unlocker", () -> {
            Thread.sleep(30);
            mu.unlock();
        });
        assertTrue(mu.writeLock().tryLock(20, TimeUnit.SECONDS));
        t.join();
        mu.unlock();
        assertEquals("RWMutex[unlocked]", mu.toString());
    }

    /**
     * Readers and writers that give up (timeouts, on threads and in goroutines) among ones that
     * do not: exclusion holds and every untimed operation completes. The timed waiters run
     * until the untimed ones are done.
     */
    @Test
    void waitersGivingUpNeverBreakTheRWMutex() {
        RWMutex rwm = new RWMutex();
        AtomicInteger activity = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger gaveUp = new AtomicInteger();
        AtomicInteger untimedLeft = new AtomicInteger(6);
        int loops = 300 * SCALE;
        SyncSupport.runWithProcs(2, () -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 6; i++) {
                boolean writes = i < 2;
                wg.go(() -> {
                    for (int k = 0; k < loops; k++) {
                        if (writes) {
                            rwm.lock();
                        } else {
                            rwm.rLock();
                        }
                        enterRW(writes, activity, violations);
                        if ((k & 3) == 0) {
                            Go.sleep(Duration.ofNanos(100_000)); // hold it a while
                        }
                        activity.addAndGet(writes ? -10000 : -1);
                        if (writes) {
                            rwm.unlock();
                        } else {
                            rwm.rUnlock();
                        }
                    }
                    untimedLeft.decrementAndGet();
                });
            }
            for (int i = 0; i < 2; i++) {
                boolean writes = i == 0;
                wg.go(() -> {
                    while (untimedLeft.get() > 0) {
                        Lock l = writes ? rwm.writeLock() : rwm.readLock();
                        if (!l.tryLock(100, TimeUnit.MICROSECONDS)) {
                            gaveUp.incrementAndGet();
                            continue;
                        }
                        enterRW(writes, activity, violations);
                        activity.addAndGet(writes ? -10000 : -1);
                        l.unlock();
                    }
                });
            }
            Thread[] ts = new Thread[3];
            for (int i = 0; i < ts.length; i++) {
                boolean writes = i == 0;
                ts[i] = SyncSupport.startThread("timed-rw-" + i, () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (untimedLeft.get() > 0) {
                        Lock l = writes ? rwm.writeLock() : rwm.readLock();
                        if (!l.tryLock(rnd.nextInt(1, 200), TimeUnit.MICROSECONDS)) {
                            gaveUp.incrementAndGet();
                            continue;
                        }
                        enterRW(writes, activity, violations);
                        activity.addAndGet(writes ? -10000 : -1);
                        l.unlock();
                    }
                });
            }
            SyncSupport.joinAll(ts); // in a system call: the threads' locks cannot look like a
            wg.await();               // deadlock to the scheduler meanwhile
        });
        assertEquals(0, violations.get());
        assertTrue(gaveUp.get() > 0, "no timed wait ever gave up: the test tests nothing");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!rwm.toString().equals("RWMutex[unlocked]")) { // a finisher may still run
            assertTrue(System.nanoTime() < deadline, "never released: " + rwm);
            Thread.yield();
        }
    }

    private static void enterRW(boolean writes, AtomicInteger activity,
            AtomicInteger violations) {
        int n = writes ? activity.addAndGet(10000) : activity.incrementAndGet();
        if (writes ? n != 10000 : n < 1 || n >= 10000) {
            violations.incrementAndGet();
        }
    }

    /** lockInterruptibly on plain threads, both views: an interrupt ends the wait. */
    @Test
    void lockInterruptiblyOnThreads() throws Exception {
        RWMutex mu = new RWMutex();
        mu.lock();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread t = SyncSupport.startThread("reader", () -> {
            try {
                mu.readLock().lockInterruptibly();
                got.set("locked");
            } catch (InterruptedException e) {
                got.set(e);
            }
        });
        SyncSupport.awaitBlocked(t);
        t.interrupt();
        t.join(5_000);
        assertInstanceOf(InterruptedException.class, got.get());
        mu.unlock();
        mu.rLock();
        Thread w = SyncSupport.startThread("writer", () -> {
            try {
                mu.writeLock().lockInterruptibly();
                got.set("locked");
            } catch (InterruptedException e) {
                got.set(e);
            }
        });
        SyncSupport.awaitBlocked(w);
        w.interrupt();
        w.join(5_000);
        assertInstanceOf(InterruptedException.class, got.get());
        mu.rUnlock();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!mu.tryLock()) {
            assertTrue(System.nanoTime() < deadline, "never released: " + mu);
            Thread.sleep(1);
        }
        mu.unlock();
    }

    /** A Cond over the write view parks and relocks through the RWMutex. */
    @Test
    void condOverTheWriteLock() {
        RWMutex mu = new RWMutex();
        Cond c = mu.writeLock().newCondition();
        boolean[] ready = {false};
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                mu.lock();
                while (!ready[0]) {
                    c.await();
                }
                mu.unlock();
            });
            Go.sleep(Duration.ofMillis(5));
            mu.lock();
            ready[0] = true;
            c.signal();
            mu.unlock();
            wg.await();
        });
        assertEquals("RWMutex[unlocked]", mu.toString());
    }
}
