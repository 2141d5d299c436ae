package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import io.golib.tests.support.Unparker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * {@code Method.invoke} of a {@code @Goroutine} method that parks: reflection frames were not
 * rewritten, so the call pins (Q ReflectionInvokeTest). The invoked method's own values survive,
 * exceptions come back wrapped in InvocationTargetException as usual, and the caller's parks
 * before and after still unwind.
 */
class ReflectionTest {

    @Goroutine
    public static long target(long seed, String tag, Trace t) {
        double d = seed / 2.0;
        t.add(tag + " before");
        Park.YIELD.now();
        Park.YIELD.now();
        t.add(tag + " after", d);
        return seed * 3;
    }

    @Goroutine
    public static void parksThenThrows() {
        Continuation.park();
        throw new IllegalStateException("after pinned park");
    }

    @Goroutine
    public static String parksOnce(String s) {
        Continuation.park();
        return s + s;
    }

    @Test
    void invokeOfYieldingMethodPins() {
        Trace t = new Trace();
        GoCallable<Long> body = () -> {
            Method m = ReflectionTest.class.getMethod("target", long.class, String.class,
                    Trace.class);
            Park.YIELD.now();                        // before: unwinds
            long r = (Long) m.invoke(null, 14L, "refl", t);
            Park.YIELD.now();                        // after: unwinds
            return r;
        };
        assertEquals(42L, Driver.call("invoke", 2, body, t), "invoke");
        t.assertIs("invoke", Trace.PARK, "refl before", "refl after", 7.0, Trace.PARK);
    }

    @Test
    void invokeOfParkingMethodBlocksUntilUnpark() throws Exception {
        Trace t = new Trace();
        GoCallable<String> body = () -> (String) ReflectionTest.class
                .getMethod("parksOnce", String.class).invoke(null, "ab");
        Continuation c = new Continuation(body);
        Unparker u = Unparker.start(c, 1, t);
        assertEquals(0, Driver.runToEnd(c, t), "invoke park: parks");
        assertEquals(1, u.join(), "invoke park: blocks seen");
        assertEquals("abab", c.result(), "invoke park: result");
    }

    @Test
    void exceptionAfterPinnedParkIsWrapped() throws Exception {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            try {
                ReflectionTest.class.getMethod("parksThenThrows").invoke(null);
                return "no exception";
            } catch (InvocationTargetException e) {
                Park.YIELD.now();
                return e.getCause().getMessage();
            }
        };
        Continuation c = new Continuation(body);
        Unparker u = Unparker.start(c, 1, t);
        assertEquals(1, Driver.runToEnd(c, t), "invoke throw: parks (the catch's yield only)");
        assertEquals(1, u.join(), "invoke throw: blocks seen");
        assertEquals("after pinned park", c.result(), "invoke throw: result");
        assertTrue(c.isDone(), "invoke throw: done");
    }
}
