package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import io.golib.tests.support.Unparker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Parks under JDK higher-order methods ({@code forEach}, streams, {@code computeIfAbsent}) and
 * under a plain (not suspendable) method of our own: a frame that was not rewritten stands
 * between the park and run(), so the goroutine pins. yieldNow() continues in place; park()
 * blocks until unpark(). No value is lost, nothing runs twice, and parks outside the callback
 * still unwind.
 */
class JdkCallbacksTest {

    /** yieldNow() inside List.forEach: every element seen once, in order, no park counted. */
    @Test
    void yieldInsideForEach() {
        Trace t = new Trace();
        GoRunnable body = () -> {
            long base = 1L << 35;
            List.of(1, 2, 3).forEach(x -> {
                t.add("x" + x);
                Continuation.yieldNow();
                t.add(base + x);
            });
            Continuation.yieldNow();  // outside the callback: unwinds
            t.add("after", base);
        };
        Driver.expectParks("forEach", 1, body, t);
        long base = 1L << 35;
        t.assertIs("forEach", "x1", base + 1, "x2", base + 2, "x3", base + 3, Trace.PARK,
                "after", base);
    }

    /** A @Goroutine method called from the callback pins the same way (its prologue sees no key). */
    @Test
    void goroutineMethodCalledFromForEach() {
        Trace t = new Trace();
        GoRunnable body = () -> List.of("a", "b").forEach(s -> t.add(echo(s)));
        Driver.expectParks("forEach->@Goroutine", 0, body, t);
        t.assertIs("forEach->@Goroutine", "a", "b");
    }

    @Goroutine
    static String echo(String s) {
        String kept = s + "";
        Park.YIELD.now();
        return kept;
    }

    /** park() inside forEach: the carrier blocks until another thread unparks, once per element. */
    @Test
    void parkInsideForEachBlocksUntilUnpark() throws Exception {
        Trace t = new Trace();
        GoRunnable body = () -> List.of(10, 20, 30).forEach(x -> {
            double d = x / 4.0;
            Continuation.park();
            t.add(d);
        });
        Continuation c = new Continuation(body);
        Unparker u = Unparker.start(c, 3, t);
        assertEquals(0, Driver.runToEnd(c, t), "forEach park: parks");
        assertEquals(3, u.join(), "forEach park: blocks seen");
        t.assertIs("forEach park", 2.5, 5.0, 7.5);
    }

    /** Streams: a map stage that yields, a reduction, a collector; no element lost or repeated. */
    @Test
    void yieldInsideStreams() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String prefix = "v";
            int sum = IntStream.rangeClosed(1, 100).map(i -> {
                Continuation.yieldNow();
                return i * 2;
            }).sum();
            String joined = List.of("a", "b", "c").stream()
                    .map(s -> prefix + echo(s))
                    .collect(Collectors.joining(","));
            Park.YIELD.now();        // outside: unwinds
            return sum + ":" + joined;
        };
        assertEquals("10100:va,vb,vc", Driver.call("streams", 1, body, t), "streams");
    }

    /** park() in a stream stage, released by another thread. */
    @Test
    void parkInsideStreamBlocksUntilUnpark() throws Exception {
        Trace t = new Trace();
        GoCallable<List<Integer>> body = () -> List.of(1, 2).stream().map(i -> {
            Continuation.park();
            t.add(i);
            return i * 100;
        }).collect(Collectors.toList());
        Continuation c = new Continuation(body);
        Unparker u = Unparker.start(c, 2, t);
        assertEquals(0, Driver.runToEnd(c, t), "stream park: parks");
        assertEquals(2, u.join(), "stream park: blocks seen");
        assertEquals(List.of(100, 200), c.result(), "stream park: result");
        t.assertIs("stream park", 1, 2);
    }

    /** Map.computeIfAbsent's mapping function yields: the map is consistent afterwards. */
    @Test
    void yieldInsideComputeIfAbsent() {
        Trace t = new Trace();
        Map<String, Integer> m = new HashMap<>();
        GoCallable<Integer> body = () -> {
            int a = m.computeIfAbsent("k", k -> {
                Continuation.yieldNow();
                return k.length() + 41;
            });
            int b = m.computeIfAbsent("k", k -> -1);
            return a + b;
        };
        assertEquals(84, Driver.call("computeIfAbsent", 0, body, t), "computeIfAbsent");
        assertEquals(Map.of("k", 42), m, "computeIfAbsent: map");
    }

    /** A plain method of our own (neither @Goroutine nor a golib body) between body and park. */
    @Test
    void plainMethodInBetweenPins() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String a = plainCaller("x", t);
            Park.YIELD.now();      // directly in the body: unwinds
            return a;
        };
        assertEquals("x!", Driver.call("plain", 1, body, t), "plain");
        t.assertIs("plain", "plain before", "plain after", Trace.PARK);
    }

    static String plainCaller(String s, Trace t) {
        t.add("plain before");
        String r = echo(s) + "!";
        t.add("plain after");
        return r;
    }
}
