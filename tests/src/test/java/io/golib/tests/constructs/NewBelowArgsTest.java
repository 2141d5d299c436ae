package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
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

    /** The park is the only argument that suspends; others are evaluated before and after it. */
    @Test
    void parkInConstructorArguments() {
        Trace t = new Trace();
        GoCallable<String> body = () -> new Box(t, 1, Park.j(2L), t.tap("c")).text;
        String r = Driver.call("new", 1, body, t);
        assertEquals("1/2/c", r, "new");
        t.assertIs("new", Trace.PARK, "c", "Box(1,2,c)");
    }

    /** Nested: two uninitialized objects on the stack, the park inside the inner one's args. */
    @Test
    void nestedNewWithParks() {
        Trace t = new Trace();
        GoCallable<String> body = () -> new Box(t, new Box(t, Park.i(7), 8L, "x"), Park.d(0.5)).text;
        String r = Driver.call("nested", 2, body, t);
        assertEquals("{7/8/x}0.5", r, "nested");
        t.assertIs("nested", Trace.PARK, "Box(7,8,x)", Trace.PARK, "Box(7/8/x,0.5)");
    }

    /** Values below the NEW (a string concatenation's left side, a list under construction). */
    @Test
    void newUnderOtherValues() {
        Trace t = new Trace();
        GoCallable<String> body = () -> "pre:" + List.of("a", new Box(t, 3, Park.j(-4L), "z").text);
        String r = Driver.call("under", 1, body, t);
        assertEquals("pre:[a, 3/-4/z]", r, "under");
    }

    /** A constructor of a JDK class, and an array allocation, with a park in the arguments. */
    @Test
    void jdkConstructorAndArrays() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            StringBuilder sb = new StringBuilder(Park.l("seed"));
            int[][] grid = new int[Park.i(2)][Park.i(3)];
            grid[1][2] = Park.i(9);
            return sb.append(grid.length).append(grid[1].length).append(grid[1][2]).toString();
        };
        String r = Driver.call("jdk", 4, body, t);
        assertEquals("seed239", r, "jdk");
    }

    /** A new in a loop: each iteration allocates its own object after the park. */
    @Test
    void newInLoop() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                out.append(new Box(t, i, Park.j(i * 10L), "L").text).append(';');
            }
            return out.toString();
        };
        String r = Driver.call("loop", 3, body, t);
        assertEquals("0/0/L;1/10/L;2/20/L;", r, "loop");
        t.assertIs("loop", Trace.PARK, "Box(0,0,L)", Trace.PARK, "Box(1,10,L)", Trace.PARK,
                "Box(2,20,L)");
    }
}
