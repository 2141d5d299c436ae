package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way of calling a parking method: static, instance, private (in this class and in a
 * nestmate), default and static interface methods, virtual and interface dispatch to overrides
 * that park a different number of times, super calls, generic methods, bridge methods (generic
 * interface and covariant return), and static methods inherited through a subclass (peers: Q
 * InterfaceTest, Q InheritTest, K TestGenerics, K TestInterface, OB inherited and interface
 * methods). The resume must re-enter the same implementation that parked, not whatever a virtual
 * call would pick.
 */
class DispatchTest {

    // ---- static, instance, private ----

    @Goroutine
    static int staticTwice(int x) {
        Park.YIELD.now();
        return 2 * x;
    }

    int field = 5;

    @Goroutine
    int instancePlus(int x) {
        Park.YIELD.now();
        return field + privateTimes(x);
    }

    @Goroutine
    private int privateTimes(int x) {
        Park.PARK.now();
        return x * field;
    }

    @Test
    void staticInstanceAndPrivate() {
        Trace t = new Trace();
        GoCallable<Integer> body = () -> staticTwice(3) + instancePlus(4);
        assertEquals(6 + 5 + 20, Driver.call("plain", 3, body, t), "plain");
    }

    static final class Nested {
        @Goroutine
        private String secret(String s) {
            Park.YIELD.now();
            return "[" + s + "]";
        }
    }

    /** A private method of a nestmate, called from the outer class (invokevirtual since 11). */
    @Test
    void privateNestmateMethod() {
        Trace t = new Trace();
        Nested n = new Nested();
        GoCallable<String> body = () -> n.secret("x");
        assertEquals("[x]", Driver.call("nestmate", 1, body, t), "nestmate");
    }

    // ---- interfaces ----

    interface Shape {
        @Goroutine
        String name();

        @Goroutine
        default String describe() {
            Park.YIELD.now();
            return "shape " + name() + helper();
        }

        @Goroutine
        private String helper() {
            Park.YIELD.now();
            return "!";
        }

        @Goroutine
        static String make(String s) {
            Park.YIELD.now();
            return s.toUpperCase();
        }
    }

    static class Square implements Shape {
        @Override
        @Goroutine
        public String name() {
            Park.YIELD.now();
            return "square";
        }
    }

    static class Circle implements Shape {
        @Override
        @Goroutine
        public String name() {
            Park.PARK.now();
            Park.PARK.now();
            return "circle";
        }

        @Override
        @Goroutine
        public String describe() {
            Park.PARK.now();
            return "round " + Shape.super.describe();
        }
    }

    /** Interface dispatch through a receiver merged from two branches (ternary, Q InterfaceTest). */
    @ParameterizedTest(name = "square={0}")
    @ValueSource(booleans = {true, false})
    void interfaceDispatch(boolean square) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            Shape s = square ? new Square() : new Circle();
            return s.describe() + "/" + Shape.make(s.name());
        };
        // Square: describe (1) + helper (1) + name (1) ; then name (1) + make (1)
        // Circle: describe (1) + super.describe (1) + name (2) + helper (1) ; then name (2) + make (1)
        int parks = square ? 5 : 8;
        String want = square ? "shape square!/SQUARE" : "round shape circle!/CIRCLE";
        assertEquals(want, Driver.call("square=" + square, parks, body, t), "square=" + square);
    }

    // ---- virtual dispatch and super ----

    static class Base {
        @Goroutine
        String who() {
            Park.YIELD.now();
            return "base";
        }

        @Goroutine
        Object value() {
            Park.YIELD.now();
            return "base value";
        }
    }

    static class Derived extends Base {
        @Override
        @Goroutine
        String who() {
            String up = super.who();   // invokespecial on a parking method
            Park.YIELD.now();
            return "derived>" + up;
        }

        /** Covariant return: javac adds a bridge {@code Object value()} that calls this one. */
        @Override
        @Goroutine
        String value() {
            Park.PARK.now();
            return "derived value";
        }
    }

    @ParameterizedTest(name = "derived={0}")
    @ValueSource(booleans = {true, false})
    void virtualDispatchSuperAndCovariantBridge(boolean derived) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            Base b = derived ? new Derived() : new Base();
            return b.who() + "|" + b.value();   // b.value() goes through the bridge if Derived
        };
        String want = derived ? "derived>base|derived value" : "base|base value";
        assertEquals(want, Driver.call("derived=" + derived, derived ? 3 : 2, body, t),
                "derived=" + derived);
    }

    // ---- generics and bridges ----

    interface Producer<T> {
        @Goroutine
        T produce(T seed) throws Exception;
    }

    static final class Doubler implements Producer<Integer> {
        /** javac adds a bridge {@code Object produce(Object)} that casts and calls this. */
        @Override
        @Goroutine
        public Integer produce(Integer seed) {
            Park.YIELD.now();
            return seed * 2;
        }
    }

    @Test
    void genericInterfaceThroughBridge() {
        Trace t = new Trace();
        Producer<Integer> p = new Doubler();
        GoCallable<Integer> body = () -> p.produce(p.produce(5));
        assertEquals(20, Driver.call("bridge", 2, body, t), "bridge");
    }

    @Goroutine
    static <T extends Comparable<T>> T max(List<T> xs) {
        T best = null;
        for (T x : xs) {
            Park.YIELD.now();
            if (best == null || x.compareTo(best) > 0) {
                best = x;
            }
        }
        return best;
    }

    @Test
    void genericMethod() {
        Trace t = new Trace();
        GoCallable<String> body = () -> max(List.of("b", "d", "a")) + max(List.of(3, 1));
        assertEquals("d3", Driver.call("generic", 5, body, t), "generic");
    }

    // ---- inherited static methods ----

    static class A {
        @Goroutine
        static String hello(String who) {
            Park.PARK.now();
            return "hello " + who;
        }
    }

    static class B extends A {}

    static class C extends B {}

    /** {@code C.hello(..)} compiles to {@code invokestatic C.hello}, which resolves to A's. */
    @Test
    void inheritedStaticMethod() {
        Trace t = new Trace();
        GoCallable<String> body = () -> C.hello("c") + "," + B.hello("b");
        assertEquals("hello c,hello b", Driver.call("inherited", 2, body, t), "inherited");
    }

    // ---- abstract class ----

    abstract static class Task {
        @Goroutine
        abstract int step(int x);

        @Goroutine
        int twoSteps(int x) {
            return step(step(x));
        }
    }

    @Test
    void abstractMethodThroughTemplate() {
        Trace t = new Trace();
        Task inc = new Task() {   // an anonymous class: its method is rewritten too
            @Override
            @Goroutine
            int step(int x) {
                Park.YIELD.now();
                return x + 1;
            }
        };
        GoCallable<Integer> body = () -> inc.twoSteps(1);
        assertEquals(3, Driver.call("abstract", 2, body, t), "abstract");
    }
}
