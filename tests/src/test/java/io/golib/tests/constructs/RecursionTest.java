package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deep recursion parking at the bottom: every frame's locals (a long parameter, a double and a
 * reference computed on the way down) must come back on the way up, and the heap stack must grow
 * past its first segment (K ExYieldStack.testFactorial, OB recursive methods, Q InitialSizeTest).
 * 10,000 frames is the API's promise ("Deep recursion inside a goroutine (10,000+ frames)
 * works"); surefire runs with -Xss8m.
 */
class RecursionTest {

    @ParameterizedTest(name = "depth={0}")
    @ValueSource(ints = {1, 17, 10_000})
    void parkAtTheBottom(int depth) {
        Trace t = new Trace();
        GoCallable<Long> body = () -> down(depth, 0L, t);
        long r = Driver.call("depth=" + depth, 2, body, t);
        assertEquals(expected(depth), r, "depth=" + depth);
        assertEquals(depth, t.count("up"), "depth=" + depth + ": frames that checked their locals");
    }

    /**
     * Each level keeps {@code n}, {@code acc}, a double and a String derived from them; at the
     * bottom it parks twice (so the resumed innermost frame also unwinds again), and each level
     * checks its own values after its callee returned.
     */
    @Goroutine
    static long down(int n, long acc, Trace t) {
        if (n == 0) {
            Park.PARK.now();
            Park.YIELD.now();
            return acc;
        }
        double half = n / 2.0;
        String tag = "n" + n;
        long below = down(n - 1, acc + n, t);
        if (half * 2 != n || !tag.equals("n" + n)) {
            throw new AssertionError("frame " + n + " lost its locals: half=" + half + " tag=" + tag);
        }
        t.add("up");
        return below * 3 % 1_000_000_007L + n;
    }

    static long expected(int depth) {
        long acc = (long) depth * (depth + 1) / 2;
        long v = acc;
        for (int n = 1; n <= depth; n++) {
            v = v * 3 % 1_000_000_007L + n;
        }
        return v;
    }

    /** Parks at every level on the way up: each resumed frame unwinds again with all below it. */
    @ParameterizedTest(name = "depth={0}")
    @ValueSource(ints = {3, 200})
    void parkAtEveryLevel(int depth) {
        Trace t = new Trace();
        GoCallable<Long> body = () -> everyLevel(depth);
        long r = Driver.call("depth=" + depth, depth + 1, body, t);
        assertEquals((long) depth * (depth + 1) / 2, r, "depth=" + depth);
    }

    @Goroutine
    static long everyLevel(int n) {
        if (n == 0) {
            Park.YIELD.now();
            return 0;
        }
        long below = everyLevel(n - 1);
        Park.YIELD.now();
        return below + n;
    }
}
