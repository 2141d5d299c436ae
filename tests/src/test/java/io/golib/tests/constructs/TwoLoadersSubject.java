package io.golib.tests.constructs;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.tests.support.Park;
import java.util.ArrayList;
import java.util.List;

/**
 * The class {@link ClassLoadersTest} loads twice: once by the test class loader, once by a fresh
 * child-first loader over the test-classes directory. A body that parks in a lambda, a static
 * method and an instance method, and a static counter that tells the two copies apart.
 */
public final class TwoLoadersSubject implements GoCallable<List<Object>> {
    /** Incremented per run: separate per copy of the class. */
    static int runs;

    /**
     * Annotated although a GoCallable body needs no annotation, so that this subject isolates
     * class loading: the unannotated named-class body (a covariant {@code call()} plus a bridge)
     * is LambdasTest.namedClassBodies' concern.
     */
    @Override
    @Goroutine
    public List<Object> call() throws Exception {
        List<Object> out = new ArrayList<>();
        int run = ++runs;
        out.add("run " + run);
        out.add(twice(21));
        GoCallable<String> inner = () -> {
            Park.PARK.now();
            return "lambda " + out.size();
        };
        out.add(inner.call());
        out.add(new Counter().next());
        return out;
    }

    @Goroutine
    static int twice(int x) {
        Park.YIELD.now();
        return 2 * x;
    }

    static final class Counter {
        long n = 9;

        @Goroutine
        long next() {
            Park.YIELD.now();
            return ++n;
        }
    }
}
