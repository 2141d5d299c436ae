package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Dual mode: a rewritten {@code @Goroutine} method called outside any continuation runs exactly as
 * written (Quasar's null-stack path): same result, same side effects, no park. The parking
 * primitives themselves throw IllegalStateException there. {@link #work} exercises loops,
 * try/finally, wide locals and nested suspendable calls; it parks only when asked to, so the same
 * method can be compared inside and outside a continuation.
 */
class DualModeTest {

    @Goroutine
    static String work(boolean park, Trace t) {
        long acc = 1;
        double scale = 1.5;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            try {
                acc = acc * 7 + step(park, i);
                t.add("i" + i);
            } finally {
                sb.append(i);
            }
        }
        return sb + ":" + acc + ":" + (scale * acc);
    }

    @Goroutine
    static int step(boolean park, int i) {
        if (park) {
            Continuation.park();
        }
        return i * i;
    }

    /** Outside, parking off, parking on: the same result and the same trace (parks aside). */
    @Test
    void sameResultInsideAndOutside() {
        Trace outside = new Trace();
        assertNull(Continuation.current(), "no continuation on the test thread");
        String r0 = work(false, outside);

        Trace quiet = new Trace();
        GoCallable<String> noParks = () -> work(false, quiet);
        String r1 = Driver.call("inside, no parks", 0, noParks, quiet);

        Trace parking = new Trace();
        GoCallable<String> withParks = () -> work(true, parking);
        String r2 = Driver.call("inside, parks", 3, withParks, parking);

        assertEquals(r0, r1, "inside without parks");
        assertEquals(r0, r2, "inside with parks");
        assertEquals(outside.values(), quiet.values(), "trace without parks");
        List<Object> withoutMarkers = new ArrayList<>(parking.values());
        withoutMarkers.removeIf(Trace.PARK::equals);
        assertEquals(outside.values(), withoutMarkers, "trace with parks, markers removed");
        // acc: 1 -> 1*7+0 = 7 -> 7*7+1 = 50 -> 50*7+4 = 354; 1.5 * 354 = 531.0
        assertEquals("012:354:531.0", r0, "the value as written");
    }

    /** The primitives, and a @Goroutine method that reaches one, throw outside a continuation. */
    @Test
    void parkingOutsideThrows() {
        IllegalStateException e1 = assertThrows(IllegalStateException.class, Continuation::park,
                "park outside");
        assertTrue(e1.getMessage().contains("not running inside a continuation"),
                "park outside: message: " + e1.getMessage());
        assertThrows(IllegalStateException.class, Continuation::yieldNow, "yieldNow outside");
        assertThrows(IllegalStateException.class, () -> step(true, 1), "@Goroutine that parks");
        assertEquals(4, step(false, 2), "@Goroutine that does not park");
    }

    /**
     * Outside a continuation on this thread while another thread is inside one (pinned): the
     * lookup of the current goroutine must not find the other thread's.
     */
    @Test
    void outsideWhileAnotherThreadRunsAContinuation() throws Exception {
        Trace t = new Trace();
        Object lock = new Object();
        GoRunnable pinned = () -> {
            synchronized (lock) {
                Continuation.park();
            }
            t.add("other done");
        };
        Continuation c = new Continuation(pinned);
        Thread runner = new Thread(() -> Driver.runToEnd(c), "runner");
        runner.setDaemon(true);
        runner.start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (LockSupport.getBlocker(runner) != c && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            assertEquals(c, LockSupport.getBlocker(runner), "the other continuation is pinned");
            Trace here = new Trace();
            assertNull(Continuation.current(), "this thread runs no continuation");
            assertEquals(work(false, new Trace()), work(false, here), "dual mode result");
            assertThrows(IllegalStateException.class, Continuation::yieldNow,
                    "yieldNow here must not reach the other thread's continuation");
        } finally {
            c.unpark();
        }
        runner.join(10_000);
        t.assertIs("other", "other done");
    }
}
