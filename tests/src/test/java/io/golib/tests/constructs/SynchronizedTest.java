package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import io.golib.tests.support.Unparker;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A park while a monitor is held pins: the frames cannot unwind without releasing the monitor
 * (which would silently change mutual exclusion, as ea-async and offbynull do), so the carrier
 * blocks in place. {@code yieldNow()} then continues at once; {@code park()} blocks until another
 * thread calls {@code unpark()}. Either way run() returns true with no park counted, the monitor
 * is still held after the park, and every value is intact. Parks outside the monitor, before and
 * after it, still unwind.
 */
class SynchronizedTest {

    final Object lock = new Object();

    /** yieldNow() inside a synchronized block continues in place. */
    @Test
    void yieldInsideSynchronizedBlockContinues() {
        Trace t = new Trace();
        GoRunnable body = () -> {
            long j = 123_456_789_012L;
            double d = 0.125;
            String s = "s";
            synchronized (lock) {
                t.add("in", Thread.holdsLock(lock));
                Continuation.yieldNow();
                t.add("yielded", Thread.holdsLock(lock), j, d, s);
                Park.YIELD.now();     // one rewritten frame deeper: pinned all the same
                t.add("yielded again", Thread.holdsLock(lock));
            }
            t.add("out", Thread.holdsLock(lock));
        };
        Driver.expectParks("yield in block", 0, body, t);
        t.assertIs("yield in block", "in", true, "yielded", true, 123_456_789_012L, 0.125, "s",
                "yielded again", true, "out", false);
    }

    /** park() inside a synchronized block blocks the carrier until another thread unparks it. */
    @Test
    void parkInsideSynchronizedBlockBlocksUntilUnpark() throws Exception {
        Trace t = new Trace();
        GoRunnable body = () -> {
            int i = 7;
            synchronized (lock) {
                Continuation.park();
                t.add("woke", Thread.holdsLock(lock), i);
                deeperPark(t);
                t.add("woke again", Thread.holdsLock(lock), i);
            }
        };
        Continuation c = new Continuation(body);
        Unparker u = Unparker.start(c, 2, t);
        assertEquals(0, Driver.runToEnd(c, t), "park in block: parks");
        assertEquals(2, u.join(), "park in block: times the carrier was seen blocked");
        t.assertIs("park in block", "woke", true, 7, "deeper", "woke again", true, 7);
    }

    @Goroutine
    static void deeperPark(Trace t) {
        Continuation.park();
        t.add("deeper");
    }

    /**
     * While pinned, the monitor stays held: a contender thread that tries to take it while the
     * body is blocked in park() is itself blocked, and gets the lock only after the body ended.
     * The body runs on its own thread here so this thread can watch both.
     */
    @Test
    void monitorStaysHeldWhilePinned() throws Exception {
        Trace t = new Trace();
        GoRunnable body = () -> {
            synchronized (lock) {
                Continuation.park();
                t.add("woke holding lock", Thread.holdsLock(lock));
            }
        };
        Continuation c = new Continuation(body);
        int[] parks = {-1};
        Thread runner = new Thread(() -> parks[0] = Driver.runToEnd(c, t), "runner");
        runner.setDaemon(true);
        runner.start();
        boolean[] contenderGotLock = {false};
        Thread contender = new Thread(() -> {
            synchronized (lock) {
                contenderGotLock[0] = true;
            }
        }, "contender");
        contender.setDaemon(true);
        try {
            assertTrue(waitFor(() -> LockSupport.getBlocker(runner) == c),
                    "held: the runner never blocked in the pinned park");
            contender.start();
            assertTrue(waitFor(() -> contender.getState() == Thread.State.BLOCKED),
                    "held: the contender should block on the monitor the pinned body holds");
        } finally {
            c.unpark();   // never leave the runner blocked, even when an assertion failed
        }
        runner.join(10_000);
        contender.join(10_000);
        assertEquals(0, parks[0], "held: parks");
        assertTrue(contenderGotLock[0], "held: the contender got the lock after the body");
        t.assertIs("held", "woke holding lock", true);
    }

    static boolean waitFor(java.util.function.BooleanSupplier cond) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    synchronized String syncMethod(Trace t, long j) {
        t.add("sync method", Thread.holdsLock(this), j);
        Park.YIELD.now();
        t.add("sync method after", Thread.holdsLock(this), j);
        return "m" + j;
    }

    static synchronized String staticSyncMethod(Trace t) {
        Continuation.yieldNow();
        t.add("static sync", Thread.holdsLock(SynchronizedTest.class));
        return "s";
    }

    @Goroutine
    synchronized String syncGoroutineMethod(Trace t) {
        Continuation.park();
        t.add("sync goroutine method", Thread.holdsLock(this));
        return "g";
    }

    /**
     * synchronized methods: plain ones and a {@code @Goroutine} one. Parks before and after the
     * synchronized calls still unwind; inside, they pin.
     */
    @Test
    void synchronizedMethods() throws Exception {
        Trace t = new Trace();
        StringBuilder out = new StringBuilder();
        GoRunnable body = () -> {
            Park.PARK.now();                         // unwinds: no monitor held
            out.append(syncMethod(t, 9L));
            out.append(staticSyncMethod(t));
            out.append(syncGoroutineMethod(t));
            Park.PARK.now();                         // unwinds again
            out.append("end");
        };
        Continuation c = new Continuation(body);
        Unparker u = Unparker.start(c, 1, t);
        assertEquals(2, Driver.runToEnd(c, t), "sync methods: parks (outside monitors only)");
        assertEquals(1, u.join(), "sync methods: blocks seen");
        assertEquals("m9sgend", out.toString(), "sync methods: result");
        t.assertIs("sync methods", Trace.PARK, "sync method", true, 9L, "sync method after", true,
                9L, "static sync", true, "sync goroutine method", true, Trace.PARK);
    }

    /** Nested monitors, a park between them and after the inner one is released. */
    @Test
    void nestedMonitors() {
        Trace t = new Trace();
        Object inner = new Object();
        GoRunnable body = () -> {
            synchronized (lock) {
                synchronized (inner) {
                    Continuation.yieldNow();
                    t.add("both", Thread.holdsLock(lock), Thread.holdsLock(inner));
                }
                Continuation.yieldNow();
                t.add("outer only", Thread.holdsLock(lock), Thread.holdsLock(inner));
            }
            Continuation.yieldNow();     // no monitor: unwinds
            t.add("none", Thread.holdsLock(lock));
        };
        Driver.expectParks("nested", 1, body, t);
        t.assertIs("nested", "both", true, true, "outer only", true, false, Trace.PARK, "none",
                false);
    }
}
