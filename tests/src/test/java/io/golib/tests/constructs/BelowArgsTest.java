package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that sit on the operand stack below a suspendable call's arguments: the frame must save
 * and restore them in order, under the call, and the call must then complete with them (peers:
 * K ExYieldStack.testStackBottom_st/_v/_av, K ExYieldDups.testDupsInStack, OB and EA null on the
 * stack).
 */
class BelowArgsTest {

    /** {@code a + f(parks()) * b}: a is on the stack under f's argument when parks() parks. */
    @ParameterizedTest(name = "a={0}")
    @ValueSource(ints = {-3, 0, 7, Integer.MAX_VALUE})
    void arithmeticAroundCall(int a) {
        Trace t = new Trace();
        int b = 11;
        GoCallable<Integer> body = () -> a + f(parks(t, 4)) * b;
        int r = Driver.call("a=" + a, 1, body, t);
        assertEquals(a + f(4) * b, r, "a=" + a + ": result");
        t.assertIs("a=" + a, "before", Trace.PARK, "after");
    }

    static int f(int x) {
        return x * x + 1;
    }

    @Goroutine
    static int parks(Trace t, int v) {
        t.add("before");
        Park.PARK.now();
        t.add("after");
        return v;
    }

    /** Mixed kinds under a static suspendable call made in the middle of an argument list. */
    @Test
    void mixedKindsUnderStaticCall() {
        Trace t = new Trace();
        int[] arr = {1, 2};
        GoCallable<String> body = () -> join(2.5, "s", 40L, arr, parks(t, 9), 'c', -1L);
        String r = Driver.call("static", 1, body, t);
        assertEquals("2.5|s|40|[1, 2]|9|c|-1", r, "static");
    }

    static String join(double d, String s, long j, int[] a, int i, char c, long j2) {
        return d + "|" + s + "|" + j + "|" + Arrays.toString(a) + "|" + i + "|" + c + "|" + j2;
    }

    /** The same with a virtual call, whose receiver is also under the arguments. */
    @Test
    void mixedKindsUnderVirtualCall() {
        Trace t = new Trace();
        Joiner joiner = new Joiner("<", ">");
        GoCallable<String> body = () -> joiner.join(2.5, "s", 40L, joiner.park(t, 9), 'c');
        String r = Driver.call("virtual", 1, body, t);
        assertEquals("<2.5|s|40|9|c>", r, "virtual");
    }

    /** A suspendable call on a different, freshly allocated object inside the argument list. */
    @Test
    void callOnOtherObjectInsideArguments() {
        Trace t = new Trace();
        Joiner outer = new Joiner("[", "]");
        GoCallable<String> body =
                () -> outer.join(1.0, "x", 2L, new Joiner("(", ")").park(t, 3), 'y');
        String r = Driver.call("other", 1, body, t);
        assertEquals("[1.0|x|2|3|y]", r, "other");
    }

    static final class Joiner {
        final String open;
        final String close;

        Joiner(String open, String close) {
            this.open = open;
            this.close = close;
        }

        String join(double d, String s, long j, int i, char c) {
            return open + d + "|" + s + "|" + j + "|" + i + "|" + c + close;
        }

        @Goroutine
        int park(Trace t, int v) {
            t.add(open);
            Park.YIELD.now();
            return v;
        }
    }

    /** The same value twice on the stack (dup), and null on the stack (aconst_null, type null). */
    @Test
    void duplicatesAndNullOnStack() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String s = "v";
            Object n = null;
            return three(s, s, null, n, parks(t, 1), s);
        };
        String r = Driver.call("dups", 1, body, t);
        assertEquals("v v null null 1 v", r, "dups");
    }

    static String three(String a, String b, Object c, Object d, int i, String e) {
        return a + " " + b + " " + c + " " + d + " " + i + " " + e;
    }

    /** A value dup'ed by javac itself ({@code x = y = call()}, compound assignment to a field). */
    @Test
    void javacDupAroundCall() {
        Trace t = new Trace();
        Counter k = new Counter();
        GoCallable<Long> body = () -> {
            long x;
            long y;
            x = y = Park.j(5L);
            k.n += Park.i(3);           // getfield under the call, dup of the receiver
            k.arr[1] += Park.i(4);      // array and index under the call (dup2)
            return x * 100 + y * 10 + k.n + k.arr[1];
        };
        long r = Driver.call("javacDup", 3, body, t);
        assertEquals(5 * 100 + 5 * 10 + (2 + 3) + (20 + 4), r, "javacDup");
    }

    static final class Counter {
        int n = 2;
        int[] arr = {10, 20};
    }

    /** Two parks in one expression, each with values below it; order of evaluation is kept. */
    @Test
    void leftToRightEvaluationAcrossParks() {
        Trace t = new Trace();
        GoCallable<String> body = () -> t.tap("a") + Park.l(t.tap("b")) + t.tap("c")
                + Park.l(t.tap("d")) + t.tap("e");
        String r = Driver.call("order", 2, body, t);
        assertEquals("abcde", r, "order");
        t.assertIs("order", "a", "b", Trace.PARK, "c", "d", Trace.PARK, "e");
    }

    /** A ternary whose branches leave different kinds of values below the call. */
    @ParameterizedTest(name = "flag={0}")
    @ValueSource(booleans = {true, false})
    void ternaryBelowCall(boolean flag) {
        Trace t = new Trace();
        GoCallable<String> body = () -> (flag ? "yes" : "no") + Park.i(flag ? 1 : 2);
        String r = Driver.call("flag=" + flag, 1, body, t);
        assertEquals(flag ? "yes1" : "no2", r, "flag=" + flag);
    }
}
