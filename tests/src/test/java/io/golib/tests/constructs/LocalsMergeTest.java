package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Locals whose verifier type at the park is unusual: null, uninitialized ("top") on one path,
 * merged from branches with conflicting types, several locals aliasing one value, constants the
 * transformer may re-materialize instead of saving, and arrays of arrays (peers: Q NullTest,
 * Q UninitializedTest, Q Merge3Test, Q RTInitLocalArrayArgTest, Q ArrayTest, EA
 * NullThenBasicValueTest, K ExYieldDups, K ExYieldConstants).
 */
class LocalsMergeTest {

    /** A local that holds null (verifier type null, not a class) across a park. */
    @Test
    void nullLocal() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String s = null;
            Object o = null;
            int[] a = null;
            Park.PARK.now();
            return s + "," + o + "," + a;
        };
        assertEquals("null,null,null", Driver.call("null", 1, body, t), "null");
    }

    /** A local assigned null on one branch and a value on the other, then a park. */
    @ParameterizedTest(name = "flag={0}")
    @ValueSource(booleans = {true, false})
    void nullOnOneBranch(boolean flag) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String s;
            if (flag) {
                s = null;
            } else {
                s = "set";
            }
            Park.PARK.now();
            return String.valueOf(s);
        };
        assertEquals(flag ? "null" : "set", Driver.call("flag=" + flag, 1, body, t),
                "flag=" + flag);
    }

    /**
     * A local assigned on only one branch: at the park it is unset ("top") on the other path, so
     * it is dead there; on the path that set it, it is read after the park.
     */
    @ParameterizedTest(name = "flag={0}")
    @ValueSource(booleans = {true, false})
    void uninitializedOnOneBranch(boolean flag) {
        Trace t = new Trace();
        GoCallable<Long> body = () -> uninit(flag, t);
        long r = Driver.call("flag=" + flag, flag ? 2 : 1, body, t);
        assertEquals(flag ? 42L + 1 : -1L, r, "flag=" + flag);
    }

    @Goroutine
    static long uninit(boolean flag, Trace t) {
        long v;
        if (flag) {
            v = 42;
            Park.PARK.now();
        } else {
            Park.PARK.now();
            return -1;
        }
        Park.YIELD.now();
        return v + 1;
    }

    /**
     * One slot, conflicting types from two branches (javac reuses the slot of a scoped local):
     * after the merge the slot holds an {@code Object[]} on one path and a {@code float[]} on the
     * other, and is dead; a new variable then takes the slot and lives across the park.
     */
    @ParameterizedTest(name = "flag={0}")
    @ValueSource(booleans = {true, false})
    void conflictingTypesMerged(boolean flag) {
        Trace t = new Trace();
        GoCallable<String> body = () -> conflicting(flag, t);
        String r = Driver.call("flag=" + flag, 2, body, t);
        assertEquals(flag ? "objs:1|after" : "floats:2.5|after", r, "flag=" + flag);
    }

    @Goroutine
    static String conflicting(boolean flag, Trace t) {
        String out;
        if (flag) {
            Object[] objs = {1};
            Park.YIELD.now();
            out = "objs:" + objs[0];
        } else {
            float[] floats = {2.5f};
            Park.YIELD.now();
            out = "floats:" + floats[0];
        }
        Park.YIELD.now();
        return out + "|after";
    }

    /** Slot reused with different kinds in sibling scopes, a wide one over two narrow ones. */
    @Test
    void slotReusedWithDifferentKinds() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String out = "";
            {
                int a = 1;
                int b = 2;
                Park.YIELD.now();
                out += a + b;
            }
            {
                long wide = 1L << 40;
                Park.YIELD.now();
                out += "," + wide;
            }
            {
                String s = "s";
                double d = 0.25;
                Park.YIELD.now();
                out += "," + s + d;
            }
            return out;
        };
        assertEquals("3," + (1L << 40) + ",s0.25", Driver.call("reuse", 3, body, t), "reuse");
    }

    /** A slot that is an int on one path and a String on the other, both live after the park. */
    @ParameterizedTest(name = "flag={0}")
    @ValueSource(booleans = {true, false})
    void primitiveOrReferenceInSameVariable(boolean flag) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            Object v = flag ? (Object) "text" : (Object) Integer.valueOf(5);
            Serializable common = flag ? "s" : Integer.valueOf(6);
            Park.PARK.now();
            return v + "/" + common;
        };
        assertEquals(flag ? "text/s" : "5/6", Driver.call("flag=" + flag, 1, body, t),
                "flag=" + flag);
    }

    /** A local declared Object, assigned an Object[] on one branch, passed to a parking callee. */
    @ParameterizedTest(name = "flag={0}")
    @ValueSource(booleans = {true, false})
    void objectOrArrayMerged(boolean flag) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            Object o = "plain";
            if (flag) {
                o = new Object[] {"arr"};
            }
            Object back = Park.l(o);
            return back instanceof Object[] ? "array:" + ((Object[]) back)[0] : "obj:" + back;
        };
        assertEquals(flag ? "array:arr" : "obj:plain", Driver.call("flag=" + flag, 1, body, t),
                "flag=" + flag);
    }

    /** Several locals aliasing one value (and one mutable object) across a park. */
    @Test
    void aliasedLocals() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            double d = 3.5;
            double dupD = d;
            long l = 7;
            long dupL = l;
            List<String> list = new ArrayList<>();
            List<String> alias = list;
            Park.PARK.now();
            alias.add("x");       // the alias must still be the same object after the park
            dupD += 1;
            return d + "," + dupD + "," + l + "," + dupL + "," + list + "," + (list == alias);
        };
        assertEquals("3.5,4.5,7,7,[x],true", Driver.call("alias", 1, body, t), "alias");
    }

    /** Constants in locals (every iconst/lconst/fconst/dconst form, bipush, sipush, ldc). */
    @Test
    void constantLocals() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            int m1 = -1;
            int zero = 0;
            int five = 5;
            int big = 100;
            int bigger = 30_000;
            int huge = 1_000_000;
            long l0 = 0;
            long l1 = 1;
            float f2 = 2;
            double d1 = 1;
            String s = "const";
            Park.YIELD.now();
            return "" + m1 + zero + five + big + bigger + huge + l0 + l1 + f2 + d1 + s;
        };
        assertEquals("" + -1 + 0 + 5 + 100 + 30_000 + 1_000_000 + 0L + 1L + 2f + 1d + "const",
                Driver.call("const", 1, body, t), "const");
    }

    /** Receivers and values read from arrays of arrays across parks. */
    @Test
    void arraysOfArrays() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            StringBuilder[][] grid = {{new StringBuilder("a")}, {new StringBuilder("b")}};
            long[][] nums = {{1, 2}, {3}};
            grid[0][0].append(Park.l("!"));
            nums[1][0] += Park.j(10L);
            return grid[0][0] + "" + grid[1][0] + nums[0][1] + nums[1][0];
        };
        assertEquals("a!b213", Driver.call("arrays", 2, body, t), "arrays");
    }

    /** A variable defined inside a try and used after it (restore before define, K issue). */
    @Test
    void definedInsideTryUsedAfter() {
        Trace t = new Trace();
        GoCallable<Integer> body = () -> {
            int v;
            try {
                v = Park.i(4);
                Park.YIELD.now();
            } catch (RuntimeException e) {
                v = -1;
            }
            Park.YIELD.now();
            return v * 2;
        };
        assertEquals(8, Driver.call("tryDefine", 3, body, t), "tryDefine");
    }
}
