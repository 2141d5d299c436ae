package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every JVM value kind survives a park: as a local, as a parameter, on the operand stack under a
 * suspendable call, and as a suspendable call's return value. long and double take two slots;
 * the slot after them must be saved and restored as a separate value (peers: EA PrimitiveTest,
 * K ExTaskArgTypes, K ExYieldDups.testLongArgs, Q DoubleTest).
 *
 * <p>Values are chosen so that a mix-up between slots (a long's halves, an int read as a float)
 * changes what is recorded: distinct bit patterns, negative numbers, NaN-free doubles.
 */
class PrimitivesTest {

    static final boolean Z = true;
    static final byte B = (byte) -7;
    static final char C = '\u20ac';
    static final short S = (short) -30_001;
    static final int I = 0x7eadbeef;
    static final long J = 0x1234_5678_9abc_def0L;
    static final float F = -1.25e-3f;
    static final double D = 6.02214076e23;
    static final String L = "ref";

    // ---- locals ----

    /** Every kind in a local across two parks, recorded before and after each. */
    @ParameterizedTest
    @EnumSource(Park.class)
    void allKindsAsLocals(Park kind) {
        Trace t = new Trace();
        Driver.expectParks("locals/" + kind, 2, () -> locals(kind, t), t);
        Object[] row = {Z, B, C, S, I, J, F, D, L, null};
        t.assertIs("locals/" + kind,
                concat(row, Trace.PARK, row, Trace.PARK, row));
    }

    @Goroutine
    static void locals(Park kind, Trace t) {
        boolean z = Z;
        byte b = B;
        char c = C;
        short s = S;
        int i = I;
        long j = J;
        float f = F;
        double d = D;
        String l = L;
        Object n = null;
        t.add(z, b, c, s, i, j, f, d, l, n);
        kind.now();
        t.add(z, b, c, s, i, j, f, d, l, n);
        kind.now();
        t.add(z, b, c, s, i, j, f, d, l, n);
    }

    /** Parameters of every kind, interleaving wide and narrow slots (long then reference, ...). */
    @ParameterizedTest
    @EnumSource(Park.class)
    void allKindsAsParameters(Park kind) {
        Trace t = new Trace();
        Driver.expectParks("params/" + kind, 1,
                () -> params(kind, t, J, L, D, I, Z, F, B, C, S, J + 1), t);
        Object[] row = {J, L, D, I, Z, F, B, C, S, J + 1};
        t.assertIs("params/" + kind, concat(row, Trace.PARK, row));
    }

    @Goroutine
    static void params(Park kind, Trace t, long j, String l, double d, int i, boolean z, float f,
            byte b, char c, short s, long j2) {
        t.add(j, l, d, i, z, f, b, c, s, j2);
        kind.now();
        t.add(j, l, d, i, z, f, b, c, s, j2);
    }

    /** Locals updated after a park are read back with their new values, slot by slot. */
    @ParameterizedTest
    @EnumSource(Park.class)
    void localsWrittenBetweenParks(Park kind) {
        Trace t = new Trace();
        GoCallable<Double> body = () -> {
            long j = 1;
            double d = 0.5;
            int i = 3;
            for (int k = 0; k < 3; k++) {
                kind.now();
                j = j * 10 + k;
                d = d * 2;
                i = -i;
                t.add(j, d, i);
            }
            return j + d + i;
        };
        double r = Driver.call("written/" + kind, 3, body, t);
        t.assertIs("written/" + kind, Trace.PARK, 10L, 1.0, -3, Trace.PARK, 101L, 2.0, 3,
                Trace.PARK, 1012L, 4.0, -3);
        assertEquals(1012 + 4.0 - 3, r, "written/" + kind + ": result");
    }

    // ---- operand stack ----

    /**
     * Every kind on the operand stack below a suspendable call: javac leaves the already
     * evaluated arguments of {@code sink} there while {@code Park.i} parks.
     */
    @Test
    void allKindsOnOperandStack() {
        Trace t = new Trace();
        GoCallable<String> body = () -> sink(Z, B, C, S, J, F, D, L, null, Park.i(I), I + 1);
        String r = Driver.call("stack", 1, body, t);
        assertEquals(Z + "," + B + "," + C + "," + S + "," + J + "," + F + "," + D + "," + L
                + "," + null + "," + I + "," + (I + 1), r, "stack");
    }

    static String sink(boolean z, byte b, char c, short s, long j, float f, double d, String l,
            Object n, int i, int i2) {
        return z + "," + b + "," + c + "," + s + "," + j + "," + f + "," + d + "," + l + "," + n
                + "," + i + "," + i2;
    }

    /** Each kind returned from a parking callee, consumed directly by arithmetic on the stack. */
    @Test
    void allKindsReturnedAcrossPark() {
        Trace t = new Trace();
        GoCallable<Object[]> body = () -> new Object[] {
            !Park.z(!Z),
            (byte) (Park.b(B) + 1),
            (char) (Park.c(C) + 1),
            (short) (Park.s(S) + 1),
            Park.i(I) + 1,
            Park.j(J) + 1,
            Park.f(F) * 2,
            Park.d(D) * 2,
            Park.l(L) + "!",
            Park.l(null),
        };
        Object[] r = Driver.call("returns", 10, body, t);
        assertEquals(java.util.Arrays.asList(Z, (byte) (B + 1), (char) (C + 1), (short) (S + 1),
                I + 1, J + 1, F * 2, D * 2, L + "!", null), java.util.Arrays.asList(r),
                "returns");
    }

    /** Wide values mixed with narrow ones on the stack, several levels deep in one expression. */
    @Test
    void wideAndNarrowInterleavedOnStack() {
        Trace t = new Trace();
        GoCallable<Double> body = () -> {
            long j = J;
            double d = D;
            int i = 5;
            // stack at the innermost park: j, d, i (wide, wide, narrow), then i + Park.i(..)
            return mix(j, d, i, Park.j(j + Park.i(i)) - j, d + Park.d(-d));
        };
        double r = Driver.call("wide", 3, body, t);
        assertEquals(mix(J, D, 5, 5, 0.0), r, "wide");
    }

    static double mix(long j, double d, int i, long j2, double d2) {
        return (j % 1000) + d / 1e20 + i * 7 + j2 * 11 + d2;
    }

    /** Arrays of every primitive kind and of arrays, as locals across a park. */
    @ParameterizedTest
    @EnumSource(Park.class)
    void arraysAsLocals(Park kind) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            boolean[] zs = {Z};
            byte[] bs = {B};
            char[] cs = {C};
            short[] ss = {S};
            int[] is = {I};
            long[] js = {J};
            float[] fs = {F};
            double[] ds = {D};
            String[][] ls = {{L}};
            kind.now();
            return "" + zs[0] + bs[0] + cs[0] + ss[0] + is[0] + js[0] + fs[0] + ds[0] + ls[0][0];
        };
        String r = Driver.call("arrays/" + kind, 1, body, t);
        assertEquals("" + Z + B + C + S + I + J + F + D + L, r, "arrays/" + kind);
    }

    static Object[] concat(Object[] a, Object sep1, Object[] b, Object sep2, Object[] c) {
        Object[] out = new Object[a.length + b.length + c.length + 2];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = sep1;
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        out[a.length + 1 + b.length] = sep2;
        System.arraycopy(c, 0, out, a.length + b.length + 2, c.length);
        return out;
    }

    static Object[] concat(Object[] a, Object sep, Object[] b) {
        Object[] out = new Object[a.length + b.length + 1];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = sep;
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }
}
