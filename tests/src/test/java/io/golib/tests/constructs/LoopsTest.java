package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A park inside every kind of loop: the loop variable, the iterator and accumulators survive,
 * and the loop continues at the right iteration (peers: EA LoopTest, K ExLoop, Q InheritTest's
 * infinite for). Parameterized over the iteration count, 0 included (no park at all).
 */
class LoopsTest {

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 5})
    void forLoop(int n) {
        Trace t = new Trace();
        GoCallable<Long> body = () -> {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                t.add(i);
                Park.PARK.now();
                sum += i * 10L;
            }
            return sum;
        };
        long r = Driver.call("for n=" + n, n, body, t);
        assertEquals(10L * n * (n - 1) / 2, r, "for n=" + n);
        assertEquals(alternate(n), t.values(), "for n=" + n + ": trace");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 5})
    void whileLoop(int n) {
        Trace t = new Trace();
        GoCallable<Double> body = () -> {
            int i = 0;
            double acc = 1;
            while (i < n) {
                t.add(i);
                Park.YIELD.now();
                acc *= 2;
                i++;
            }
            return acc;
        };
        double r = Driver.call("while n=" + n, n, body, t);
        assertEquals(Math.pow(2, n), r, "while n=" + n);
        assertEquals(alternate(n), t.values(), "while n=" + n + ": trace");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 5})
    void doWhileLoop(int n) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            int i = 0;
            String s = "";
            do {
                t.add(i);
                Park.PARK.now();
                s += i;
            } while (++i < n);
            return s;
        };
        String r = Driver.call("do n=" + n, n, body, t);
        assertEquals("01234".substring(0, n), r, "do n=" + n);
        assertEquals(alternate(n), t.values(), "do n=" + n + ": trace");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 5})
    void forEachOverArrayAndIterable(int n) {
        Trace t = new Trace();
        int[] arr = new int[n];
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arr[i] = i;
            list.add(i * 100);
        }
        GoCallable<Integer> body = () -> {
            int sum = 0;
            for (int v : arr) {           // array length and index are hidden locals
                sum += Park.i(v);
            }
            for (Integer v : list) {      // the Iterator is a hidden local
                sum += Park.i(v);
            }
            return sum;
        };
        int r = Driver.call("foreach n=" + n, 2 * n, body, t);
        assertEquals(101 * n * (n - 1) / 2, r, "foreach n=" + n);
    }

    /** for-each over a map's entries, parking between reading the key and the value. */
    @Test
    void forEachOverMapEntries() {
        Trace t = new Trace();
        Map<String, Integer> m = new TreeMap<>(Map.of("a", 1, "b", 2, "c", 3));
        GoRunnable body = () -> {
            for (Map.Entry<String, Integer> e : m.entrySet()) {
                String k = e.getKey();
                Park.YIELD.now();
                t.add(k + "=" + e.getValue());
            }
        };
        Driver.expectParks("map", 3, body, t);
        t.assertIs("map", Trace.PARK, "a=1", Trace.PARK, "b=2", Trace.PARK, "c=3");
    }

    /** Labeled break and continue out of nested loops, with parks at each level. */
    @Test
    void labeledBreakAndContinue() {
        Trace t = new Trace();
        GoRunnable body = () -> labeled(t);
        Driver.expectParks("labeled", 7, body, t);
        t.assertIs("labeled", Trace.PARK, "0,0", Trace.PARK, "0,1", Trace.PARK, "continue outer",
                Trace.PARK, "1,0", Trace.PARK, "1,1", Trace.PARK, "break outer", Trace.PARK,
                "done");
    }

    @Goroutine
    static void labeled(Trace t) {
        outer:
        for (int i = 0; ; i++) {
            for (int j = 0; j < 10; j++) {
                Park.YIELD.now();
                if (j == 2) {
                    if (i == 0) {
                        t.add("continue outer");
                        continue outer;
                    }
                    t.add("break outer");
                    break outer;
                }
                t.add(i + "," + j);
            }
        }
        Park.YIELD.now();
        t.add("done");
    }

    /** An infinite for(;;) left by return from inside, parking every iteration. */
    @Test
    void infiniteLoopWithReturn() {
        Trace t = new Trace();
        GoCallable<Integer> body = () -> {
            int i = 0;
            for (;;) {
                Park.PARK.now();
                if (++i == 4) {
                    return i;
                }
            }
        };
        assertEquals(4, Driver.call("forever", 4, body, t), "forever");
    }

    /** try/catch inside a while loop, parking in the try and in the catch (K ExCatch.whileCatch). */
    @Test
    void tryCatchInsideLoop() {
        Trace t = new Trace();
        GoRunnable body = () -> {
            int i = 0;
            while (i < 4) {
                try {
                    Park.PARK.now();
                    if (i % 2 == 1) {
                        throw new IllegalStateException("odd " + i);
                    }
                    t.add("even " + i);
                } catch (IllegalStateException e) {
                    Park.YIELD.now();
                    t.add(e.getMessage());
                }
                i++;
            }
        };
        Driver.expectParks("whileCatch", 6, body, t);
        t.assertIs("whileCatch", Trace.PARK, "even 0", Trace.PARK, Trace.PARK, "odd 1",
                Trace.PARK, "even 2", Trace.PARK, Trace.PARK, "odd 3");
    }

    /** A loop that calls nothing suspendable must not park at all (safepoints are off-path). */
    @Test
    void loopWithoutSuspendableCallDoesNotPark() {
        Trace t = new Trace();
        GoCallable<Long> body = () -> {
            long s = 0;
            for (int i = 0; i < 1000; i++) {
                s += i;
            }
            return s;
        };
        assertEquals(499_500L, Driver.call("plainLoop", 0, body, t), "plainLoop");
    }

    /** [0, PARK, 1, PARK, ...]: each iteration records its index, then parks. */
    static List<Object> alternate(int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
            out.add(Trace.PARK);
        }
        return out;
    }
}
