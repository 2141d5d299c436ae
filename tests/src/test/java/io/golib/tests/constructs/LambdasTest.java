package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Lambdas and method references as goroutine bodies: the body is a synthetic method of this
 * class, the JVM spins the class that implements the interface. Captured values of every kind,
 * several parks, one lambda call site run many times (each run its own continuation), method
 * references of each shape, and golib lambdas nested inside golib lambdas (peers: K TestLambda,
 * EA LambdaTest, Q LambdaTest).
 */
class LambdasTest {

    /** Captured values of every kind are read before and after parks. */
    @Test
    void capturedVariablesOfEveryKind() {
        Trace t = new Trace();
        boolean z = true;
        byte b = 1;
        char c = 'c';
        short s = 2;
        int i = 3;
        long j = 4L << 33;
        float f = 5.5f;
        double d = 6.25;
        String l = "seven";
        GoRunnable body = () -> {
            t.add(z, b, c, s, i, j, f, d, l);
            Park.PARK.now();
            t.add(z, b, c, s, i, j, f, d, l);
            Park.YIELD.now();
            t.add(z, b, c, s, i, j, f, d, l);
        };
        Driver.expectParks("captured", 2, body, t);
        Object[] row = {z, b, c, s, i, j, f, d, l};
        List<Object> want = new ArrayList<>();
        want.addAll(List.of(row));
        want.add(Trace.PARK);
        want.addAll(List.of(row));
        want.add(Trace.PARK);
        want.addAll(List.of(row));
        assertEquals(want, t.values(), "captured: trace");
    }

    /** A lambda capturing {@code this} (an instance-method lambda body) reads a field after a park. */
    int counter = 40;

    @Test
    void capturesThis() {
        Trace t = new Trace();
        GoCallable<Integer> body = () -> {
            counter++;
            Park.PARK.now();
            return ++counter;
        };
        assertEquals(42, Driver.call("this", 1, body, t), "this");
    }

    /**
     * One lambda call site evaluated many times: each evaluation gets its own continuation; they
     * run interleaved, so each one's saved frame must stay separate from the others'.
     */
    @Test
    void oneSiteManyContinuationsInterleaved() {
        Trace t = new Trace();
        List<Continuation> cs = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            int id = k;
            GoCallable<Integer> body = () -> {   // the same invokedynamic site, 50 times
                int acc = id;
                for (int r = 0; r < 3; r++) {
                    Park.YIELD.now();
                    acc = acc * 10 + r;
                }
                return acc;
            };
            cs.add(new Continuation(body));
        }
        int[] parks = new int[cs.size()];
        boolean allDone = false;
        while (!allDone) {               // round-robin, one step of each per round
            allDone = true;
            for (int k = 0; k < cs.size(); k++) {
                Continuation c = cs.get(k);
                if (!c.isDone()) {
                    if (!c.run()) {
                        parks[k]++;
                        allDone = false;
                    }
                }
            }
        }
        for (int k = 0; k < cs.size(); k++) {
            assertEquals(null, cs.get(k).failure(), "k=" + k + ": failure");
            assertEquals(3, parks[k], "k=" + k + ": parks");
            assertEquals(k * 1000 + 12, cs.get(k).result(), "k=" + k + ": result");
        }
        assertEquals(List.of(), t.values(), "nothing traced");
    }

    // ---- method references ----

    @Goroutine
    static void staticBody(Trace t) throws Exception {
        t.add("static");
        Park.PARK.now();
        t.add("static after");
    }

    @Goroutine
    void instanceBody() {
        Park.YIELD.now();
        counter += 100;
    }

    @Goroutine
    static String describe() {
        Park.YIELD.now();
        return "described";
    }

    static final class Worker implements GoCallable<String> {
        final String name;

        Worker(String name) {
            this.name = name;
        }

        /** A named class implementing the interface: its body is suspendable without annotation. */
        @Override
        public String call() {
            Park.PARK.now();
            return name + " worked";
        }

        @Goroutine
        String work() {
            Park.PARK.now();
            return name + " bound";
        }
    }

    @Test
    void methodReferences() {
        Trace t = new Trace();
        Driver.expectParks("static ref", 1, () -> staticBody(t), t);
        t.assertIs("static ref", "static", Trace.PARK, "static after");

        counter = 0;
        GoRunnable bound = this::instanceBody;
        Driver.expectParks("bound this ref", 1, bound, t);
        assertEquals(100, counter, "bound this ref: field");

        GoCallable<String> staticRef = LambdasTest::describe;
        assertEquals("described", Driver.call("static callable ref", 1, staticRef, t),
                "static callable ref");

        Worker w = new Worker("w");
        GoCallable<String> boundOther = w::work;
        assertEquals("w bound", Driver.call("bound other ref", 1, boundOther, t), "bound other ref");
    }

    static final class Job implements GoRunnable {
        final Trace t;

        Job(Trace t) {
            this.t = t;
        }

        @Override
        public void run() {
            Park.PARK.now();
            t.add("job ran");
        }
    }

    /**
     * Named classes implementing golib's interfaces, without {@code @Goroutine}: their bodies are
     * suspendable all the same. GoCallable&lt;String&gt;'s implementation is {@code String call()}
     * plus a javac bridge {@code Object call()}; both must be rewritten.
     */
    @Test
    void namedClassBodies() {
        Trace t = new Trace();
        Driver.expectParks("GoRunnable class", 1, new Job(t), t);
        t.assertIs("GoRunnable class", Trace.PARK, "job ran");
        assertEquals("w worked", Driver.call("GoCallable<String> class", 1, new Worker("w"), t),
                "GoCallable<String> class");
    }

    /** A golib lambda that creates and calls another golib lambda inside the continuation. */
    @Test
    void nestedLambdasCalledInline() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String prefix = "p";
            GoCallable<String> inner = () -> {
                Park.YIELD.now();
                return prefix + "-inner";
            };
            String a = inner.call();           // invokeinterface GoCallable.call: suspendable
            String b = inner.call();
            return a + "," + b;
        };
        assertEquals("p-inner,p-inner", Driver.call("nested", 2, body, t), "nested");
    }

    /** A GoRunnable passed through a plain generic method and run inside the continuation. */
    @Test
    void lambdaPassedAroundThenRun() {
        Trace t = new Trace();
        Function<String, GoRunnable> factory = tag -> () -> {
            t.add(tag);
            Park.PARK.now();
            t.add(tag + "!");
        };
        GoRunnable first = factory.apply("one");
        GoRunnable second = factory.apply("two");
        GoRunnable body = () -> {
            first.run();
            second.run();
        };
        Driver.expectParks("passed", 2, body, t);
        t.assertIs("passed", "one", Trace.PARK, "one!", "two", Trace.PARK, "two!");
    }
}
