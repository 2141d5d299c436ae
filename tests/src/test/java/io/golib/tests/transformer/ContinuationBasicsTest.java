package io.golib.tests.transformer;

import static org.junit.jupiter.api.Assertions.*;

import io.golib.Goroutine;
import io.golib.GoCallable;
import io.golib.runtime.stack.Continuation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContinuationBasicsTest {
    static List<String> log = new ArrayList<>();

    @Goroutine
    static int thrower(int x) {
        Continuation.park();
        if (x > 0) throw new IllegalArgumentException("boom " + x);
        return x;
    }

    @Goroutine
    static String catcher(int x) {
        String s = "s" + x;
        try {
            return s + thrower(x);
        } catch (IllegalArgumentException e) {
            return s + ":" + e.getMessage();
        } finally {
            log.add("finally " + s);
        }
    }

    static int runToEnd(Continuation c) {
        int parks = 0;
        while (!c.run()) parks++;
        return parks;
    }

    @Test
    void exceptionAfterResume() {
        log.clear();
        String[] out = new String[1];
        Continuation c = new Continuation(() -> { out[0] = catcher(5) + "|" + catcher(0); });
        assertEquals(2, runToEnd(c));
        assertEquals("s5:boom 5|s00", out[0]);
        assertEquals(List.of("finally s5", "finally s0"), log);
    }

    @Test
    void pinnedForEach() {
        List<Integer> got = new ArrayList<>();
        Continuation c = new Continuation(() -> {
            List.of(1, 2, 3).forEach(i -> got.add(sq(i)));
            got.add(sq(4));
        });
        assertEquals(1, runToEnd(c));  // only the last one unwinds
        assertEquals(List.of(1, 4, 9, 16), got);
    }

    @Goroutine
    static int sq(int i) {
        Continuation.yieldNow();
        return i * i;
    }

    final Object lock = new Object();

    @Test
    void synchronizedBlockPins() {
        int[] out = new int[1];
        Continuation c = new Continuation(() -> {
            int a = 7;
            synchronized (lock) {
                a += sq(3);
            }
            out[0] = a + sq(2);
        });
        assertEquals(1, runToEnd(c));
        assertEquals(7 + 9 + 4, out[0]);
    }

    @Test
    void callableResult() {
        GoCallable<String> body = () -> { Continuation.park(); return "done"; };
        Continuation c = new Continuation(body);
        assertEquals(1, runToEnd(c));
        assertEquals("done", c.result());
    }

    static volatile boolean stop;

    @Goroutine
    static long spin() {
        long n = 0;
        while (!stop) { n++; }
        return n;
    }

    @Test
    void preemptTightLoop() throws Exception {
        stop = false;
        Continuation c = new Continuation(() -> { spin(); });
        Thread t = new Thread(() -> { try { Thread.sleep(50); } catch (InterruptedException e) {} c.preempt(); });
        t.start();
        assertFalse(c.run());
        assertEquals(Continuation.YIELDED, c.parkKind());
        stop = true;
        assertTrue(c.run());
    }

    @Test
    void deepRecursion() {
        int[] out = new int[1];
        Continuation c = new Continuation(() -> { out[0] = rec(10_000); });
        assertEquals(1, runToEnd(c));
        assertEquals(10_000, out[0]);
    }

    @Goroutine
    static int rec(int n) {
        if (n == 0) { Continuation.park(); return 0; }
        return 1 + rec(n - 1);
    }

    @Test
    void pinnedParkUnparkedByOtherThread() throws Exception {
        Continuation[] self = new Continuation[1];
        int[] out = new int[1];
        Continuation c = new Continuation(() -> {
            synchronized (lock) { Continuation.park(); out[0] = 42; }
        });
        self[0] = c;
        Thread t = new Thread(() -> { try { Thread.sleep(30); } catch (InterruptedException e) {} c.unpark(); });
        t.start();
        assertTrue(c.run());
        assertEquals(42, out[0]);
    }

    @Test
    void dualMode() {
        assertEquals(4, new ContinuationBasicsTest().twice(2));
        assertThrows(IllegalStateException.class, Continuation::park);
    }

    @Goroutine
    int twice(int x) { return x * 2; }

    /**
     * Regression: a call armed for {@code work()} that throws before its callee runs (a null
     * receiver) must not leave the key armed; else {@code work()} entered later from a JDK frame
     * (forEach) takes it for a rewritten caller, unwinds through forEach, and corrupts the run.
     */
    @Test
    void anArmedCallThatThrowsLeavesNothingArmed() {
        StaleArmWorker.completed = 0;
        Continuation c = new Continuation(() -> {
            StaleArmWorker none = null;
            try {
                none.work();
            } catch (NullPointerException expected) {
                // the armed call threw before work() was entered
            }
            List.of(new StaleArmWorker()).forEach(StaleArmWorker::work);
        });
        assertEquals(0, runToEnd(c), "work() under forEach must pin (yield in place), not unwind");
        assertEquals(1, StaleArmWorker.completed);
    }

    /** {@code Other::work} as a goroutine body parks (through a forwarder), it does not pin. */
    @Test
    void methodReferenceToAnotherClassParks() {
        OtherWorker.done = 0;
        Continuation c = new Continuation(OtherWorker::work);
        assertEquals(2, runToEnd(c));
        assertEquals(3, OtherWorker.done);
        OtherWorker w = new OtherWorker();
        Continuation bound = new Continuation(w::instanceWork);
        assertEquals(1, runToEnd(bound));
        assertEquals(10, w.steps);
    }
}

final class OtherWorker {
    static int done;
    int steps;

    @Goroutine
    static void work() {
        done++;
        Continuation.park();
        done++;
        Continuation.park();
        done++;
    }

    @Goroutine
    void instanceWork() {
        steps = 5;
        Continuation.yieldNow();
        steps *= 2;
    }
}

final class StaleArmWorker {
    static int completed;

    @Goroutine
    int work() {
        Continuation.yieldNow();
        completed++;
        return 1;
    }
}
