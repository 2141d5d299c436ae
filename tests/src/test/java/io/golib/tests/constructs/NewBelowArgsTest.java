package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code new X(parks())}: javac emits {@code NEW X; DUP} before evaluating the arguments, so an
 * uninitialized object sits on the stack at the park. It cannot be saved; the transformer must
 * move the allocation after the call (Quasar emitNewAndDup, EA FrameTest.constructorCallTest).
 * Each constructor records its arguments so the test sees that exactly one object was built per
 * {@code new}, with the values from before and after the park.
 *
 * <p>The suspendable code lives in the nested class {@link Subjects}, loaded only when a test
 * first calls it: if the rewritten code fails verification, only these tests fail, instead of
 * JUnit's discovery (which loads the test class) aborting the whole run.
 */
class NewBelowArgsTest {

    static final class Box {
        final String text;

        Box(Trace t, int a, long b, String c) {
            t.add("Box(" + a + "," + b + "," + c + ")");
            text = a + "/" + b + "/" + c;
        }

        Box(Trace t, Box inner, double d) {
            t.add("Box(" + inner.text + "," + d + ")");
            text = "{" + inner.text + "}" + d;
        }
    }

    static final class Subjects {
        @Goroutine
        static String inArgs(Trace t) {
            return new Box(t, 1, Park.j(2L), t.tap("c")).text;
        }

        @Goroutine
        static String nested(Trace t) {
            return new Box(t, new Box(t, Park.i(7), 8L, "x"), Park.d(0.5)).text;
        }

        @Goroutine
        static String under(Trace t) {
            return "pre:" + List.of("a", new Box(t, 3, Park.j(-4L), "z").text);
        }

        @Goroutine
        static String jdk() {
            StringBuilder sb = new StringBuilder(Park.l("seed"));
            int[][] grid = new int[Park.i(2)][Park.i(3)];
            grid[1][2] = Park.i(9);
            return sb.append(grid.length).append(grid[1].length).append(grid[1][2]).toString();
        }

        @Goroutine
        static String loop(Trace t) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                out.append(new Box(t, i, Park.j(i * 10L), "L").text).append(';');
            }
            return out.toString();
        }
    }

    /** The park is the only argument that suspends; others are evaluated before and after it. */
    @Test
    void parkInConstructorArguments() {
        Trace t = new Trace();
        GoCallable<String> body = () -> Subjects.inArgs(t);
        assertEquals("1/2/c", Driver.call("new", 1, body, t), "new");
        t.assertIs("new", Trace.PARK, "c", "Box(1,2,c)");
    }

    /** Nested: two uninitialized objects on the stack, the park inside the inner one's args. */
    @Test
    void nestedNewWithParks() {
        Trace t = new Trace();
        GoCallable<String> body = () -> Subjects.nested(t);
        assertEquals("{7/8/x}0.5", Driver.call("nested", 2, body, t), "nested");
        t.assertIs("nested", Trace.PARK, "Box(7,8,x)", Trace.PARK, "Box(7/8/x,0.5)");
    }

    /** Values below the NEW (a list's first element under construction). */
    @Test
    void newUnderOtherValues() {
        Trace t = new Trace();
        GoCallable<String> body = () -> Subjects.under(t);
        assertEquals("pre:[a, 3/-4/z]", Driver.call("under", 1, body, t), "under");
    }

    /** A constructor of a JDK class, and an array allocation, with a park in the arguments. */
    @Test
    void jdkConstructorAndArrays() {
        Trace t = new Trace();
        GoCallable<String> body = Subjects::jdk;
        assertEquals("seed239", Driver.call("jdk", 4, body, t), "jdk");
    }

    /** A new in a loop: each iteration allocates its own object after the park. */
    @Test
    void newInLoop() {
        Trace t = new Trace();
        GoCallable<String> body = () -> Subjects.loop(t);
        assertEquals("0/0/L;1/10/L;2/20/L;", Driver.call("loop", 3, body, t), "loop");
        t.assertIs("loop", Trace.PARK, "Box(0,0,L)", Trace.PARK, "Box(1,10,L)", Trace.PARK,
                "Box(2,20,L)");
    }
}
