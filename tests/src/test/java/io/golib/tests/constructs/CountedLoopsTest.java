package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoCallable;
import io.golib.Go;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Strip-mined counted loops ({@code CountedLoops} in the agent) behave exactly as written: every
 * loop of {@link CountedLoopSubjects}, rewritten ({@code xGo}), gives the same result or the same
 * exception as its never-rewritten twin ({@code xPlain}) on the edge cases of the chunking
 * (empty, one iteration, {@code CHUNK} ± 1 and many chunks, scaled by the step) and of int
 * arithmetic (bounds at and next to {@code MIN_VALUE} / {@code MAX_VALUE}, indexes that wrap);
 * run outside any continuation (dual mode) and inside one. Then: a loop preempted at every
 * chunk end yields once per chunk and loses nothing, and a call-free counted loop does not
 * starve another goroutine at GOMAXPROCS 1. Which loops are mined is checked on the bytecode by
 * {@code StripMiningTest}.
 */
class CountedLoopsTest {
    /** The agent's {@code CountedLoops.CHUNK}. */
    static final int CHUNK = 1024;
    /** Iterations after which every subject loop leaves by {@code break}. */
    static final int CAP = 6 * CHUNK + 5;

    /** A subject loop over {@code [from, to)}-like bounds, suspendable. */
    interface Loop3 {
        @Goroutine
        long apply(int from, int to, int cap);
    }

    /** The same, for the plain twin. */
    interface PlainLoop3 {
        long apply(int from, int to, int cap);
    }

    /** A subject loop over an array, from an index. */
    interface ArrayLoop {
        @Goroutine
        long apply(int[] a, int from, int cap);
    }

    interface PlainArrayLoop {
        long apply(int[] a, int from, int cap);
    }

    /**
     * One loop shape: its step (its sign is the direction) and, for a constant bound, the
     * constant ({@code null}: the bound is {@code to}).
     */
    record Shape(String name, Loop3 go, PlainLoop3 plain, int step, Integer constant) {
        @Override
        public String toString() {
            return name;
        }
    }

    record ArrayShape(String name, ArrayLoop go, PlainArrayLoop plain) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Shape> shapes() {
        return List.of(
                new Shape("lt1", (f, t, c) -> CountedLoopSubjects.lt1Go(f, t, c),
                        CountedLoopSubjects::lt1Plain, 1, null),
                new Shape("le1", (f, t, c) -> CountedLoopSubjects.le1Go(f, t, c),
                        CountedLoopSubjects::le1Plain, 1, null),
                new Shape("lt3", (f, t, c) -> CountedLoopSubjects.lt3Go(f, t, c),
                        CountedLoopSubjects::lt3Plain, 3, null),
                new Shape("le3", (f, t, c) -> CountedLoopSubjects.le3Go(f, t, c),
                        CountedLoopSubjects::le3Plain, 3, null),
                new Shape("ltWide", (f, t, c) -> CountedLoopSubjects.ltWideGo(f, t, c),
                        CountedLoopSubjects::ltWidePlain, 30_000, null),
                new Shape("leMaxStep", (f, t, c) -> CountedLoopSubjects.leMaxStepGo(f, t, c),
                        CountedLoopSubjects::leMaxStepPlain, 32_767, null),
                new Shape("gt1", (f, t, c) -> CountedLoopSubjects.gt1Go(f, t, c),
                        CountedLoopSubjects::gt1Plain, -1, null),
                new Shape("ge1", (f, t, c) -> CountedLoopSubjects.ge1Go(f, t, c),
                        CountedLoopSubjects::ge1Plain, -1, null),
                new Shape("gt3", (f, t, c) -> CountedLoopSubjects.gt3Go(f, t, c),
                        CountedLoopSubjects::gt3Plain, -3, null),
                new Shape("ge3", (f, t, c) -> CountedLoopSubjects.ge3Go(f, t, c),
                        CountedLoopSubjects::ge3Plain, -3, null),
                new Shape("geMinStep", (f, t, c) -> CountedLoopSubjects.geMinStepGo(f, t, c),
                        CountedLoopSubjects::geMinStepPlain, -32_768, null),
                new Shape("ltZero", (f, t, c) -> CountedLoopSubjects.ltZeroGo(f, t, c),
                        CountedLoopSubjects::ltZeroPlain, 1, 0),
                new Shape("leZero", (f, t, c) -> CountedLoopSubjects.leZeroGo(f, t, c),
                        CountedLoopSubjects::leZeroPlain, 1, 0),
                new Shape("gtZero", (f, t, c) -> CountedLoopSubjects.gtZeroGo(f, t, c),
                        CountedLoopSubjects::gtZeroPlain, -1, 0),
                new Shape("geZero", (f, t, c) -> CountedLoopSubjects.geZeroGo(f, t, c),
                        CountedLoopSubjects::geZeroPlain, -1, 0),
                new Shape("ltSipush", (f, t, c) -> CountedLoopSubjects.ltSipushGo(f, t, c),
                        CountedLoopSubjects::ltSipushPlain, 1, 5000),
                new Shape("leLdc", (f, t, c) -> CountedLoopSubjects.leLdcGo(f, t, c),
                        CountedLoopSubjects::leLdcPlain, 7, 100_000),
                new Shape("gtBipush", (f, t, c) -> CountedLoopSubjects.gtBipushGo(f, t, c),
                        CountedLoopSubjects::gtBipushPlain, -1, -100),
                new Shape("whileLt", (f, t, c) -> CountedLoopSubjects.whileLtGo(f, t, c),
                        CountedLoopSubjects::whileLtPlain, 1, null),
                new Shape("breakContinue",
                        (f, t, c) -> CountedLoopSubjects.breakContinueGo(f, t, c),
                        CountedLoopSubjects::breakContinuePlain, 1, null),
                new Shape("mathCall", (f, t, c) -> CountedLoopSubjects.mathCallGo(f, t, c),
                        CountedLoopSubjects::mathCallPlain, 1, null),
                new Shape("nested", (f, t, c) -> CountedLoopSubjects.nestedGo(f, t, c),
                        CountedLoopSubjects::nestedPlain, 1, null),
                new Shape("boundModified",
                        (f, t, c) -> CountedLoopSubjects.boundModifiedGo(f, t, c),
                        CountedLoopSubjects::boundModifiedPlain, 1, null),
                new Shape("indexModified",
                        (f, t, c) -> CountedLoopSubjects.indexModifiedGo(f, t, c),
                        CountedLoopSubjects::indexModifiedPlain, 1, null));
    }

    static List<ArrayShape> arrayShapes() {
        return List.of(
                new ArrayShape("sumArray", (a, f, c) -> CountedLoopSubjects.sumArrayGo(a, f, c),
                        CountedLoopSubjects::sumArrayPlain),
                new ArrayShape("forEach", (a, f, c) -> CountedLoopSubjects.forEachGo(a, f, c),
                        CountedLoopSubjects::forEachPlain),
                new ArrayShape("arrayModified",
                        (a, f, c) -> CountedLoopSubjects.arrayModifiedGo(a, f, c),
                        CountedLoopSubjects::arrayModifiedPlain));
    }

    // =========================================================================================
    // Same results as the plain twin
    // =========================================================================================

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    @SuppressWarnings("golib") // calls the rewritten loops outside a goroutine on purpose
    void sameResultsAsThePlainCopy(Shape s) {
        List<int[]> cases = cases(s);
        assertTrue(cases.size() > 20, s + ": cases");
        for (int[] c : cases) {
            int from = c[0], to = c[1];
            String what = String.format("%s(from=%d, to=%d)", s, from, to);
            String want = outcome(() -> s.plain().apply(from, to, CAP));
            // dual mode: no continuation, the checks see no stack
            assertEquals(want, outcome(() -> s.go().apply(from, to, CAP)), what + " outside");
            Driver.Outcome o = Driver.run(new Continuation(
                    (GoCallable<Long>) () -> s.go().apply(from, to, CAP)), null);
            assertEquals(0, o.parks(), what + " inside: parks");
            assertEquals(want, describe(o), what + " inside");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrayShapes")
    @SuppressWarnings("golib") // calls the rewritten loops outside a goroutine on purpose
    void sameResultsAsThePlainCopyOverArrays(ArrayShape s) {
        int[] lengths = {0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 1,
            5 * CHUNK + 7};
        List<int[]> arrays = new ArrayList<>();
        arrays.add(null);
        for (int n : lengths) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i * 0x61C88647;
            }
            arrays.add(a);
        }
        for (int[] a : arrays) {
            int n = a == null ? 0 : a.length;
            for (int from : new int[] {0, 1, -1, n - 1, n, n + 1, n / 2, Integer.MIN_VALUE,
                Integer.MAX_VALUE}) {
                String what = String.format("%s(length=%s, from=%d)", s,
                        a == null ? "null" : n, from);
                String want = outcome(() -> s.plain().apply(a, from, CAP));
                assertEquals(want, outcome(() -> s.go().apply(a, from, CAP)), what + " outside");
                Driver.Outcome o = Driver.run(new Continuation(
                        (GoCallable<Long>) () -> s.go().apply(a, from, CAP)), null);
                assertEquals(0, o.parks(), what + " inside: parks");
                assertEquals(want, describe(o), what + " inside");
            }
        }
    }

    /** The vectorisable reduction of the benchmarks, on lengths around the chunk. */
    @Test
    @SuppressWarnings("golib") // calls the rewritten loops outside a goroutine on purpose
    void vectorisableSum() {
        for (int n : new int[] {0, 1, 7, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK + 3}) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i * 0x61C88647 >>> 7;
            }
            int want = CountedLoopSubjects.sumPlain(a, 31);
            assertEquals(want, CountedLoopSubjects.sumGo(a, 31), "sum n=" + n + " outside");
            int[] got = new int[1];
            Driver.runToEnd(new Continuation(() -> {
                got[0] = CountedLoopSubjects.sumGo(a, 31);
            }));
            assertEquals(want, got[0], "sum n=" + n + " inside");
        }
    }

    /**
     * (from, to) pairs: {@code to} at offsets from {@code from} around 0 and around 1, 2 and 5
     * chunks (times the step), in the loop's direction; every {@code from} also against the
     * extreme bounds. For a constant bound, {@code from} at those offsets before the constant.
     */
    static List<int[]> cases(Shape s) {
        int dir = Integer.signum(s.step());
        long stride = Math.abs((long) s.step());
        Set<Long> offsets = new LinkedHashSet<>();
        for (long o = -2; o <= 3; o++) {
            offsets.add(o);
        }
        for (long n : new long[] {CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 5 * CHUNK + 3}) {
            for (long e = -1; e <= 1; e++) {
                offsets.add(stride * n + e);
            }
        }
        long max = Integer.MAX_VALUE, min = Integer.MIN_VALUE;
        List<int[]> out = new ArrayList<>();
        if (s.constant() != null) {
            for (long o : offsets) {
                long from = s.constant() - dir * o;
                if (from >= min && from <= max) {
                    out.add(new int[] {(int) from, 0});
                }
            }
            for (long from : new long[] {min, min + 1, min + 2, max - 2, max - 1, max}) {
                out.add(new int[] {(int) from, 0});
            }
            return out;
        }
        long[] froms = dir > 0
                ? new long[] {0, -7, 12_345, min, min + 2, max - 3 * CHUNK * stride, max - 2,
                    max - 1, max}
                : new long[] {0, 7, -12_345, max, max - 2, min + 3 * CHUNK * stride, min + 2,
                    min + 1, min};
        for (long from : froms) {
            for (long o : offsets) {
                long to = from + dir * o;
                if (to >= min && to <= max) {
                    out.add(new int[] {(int) from, (int) to});
                }
            }
            for (long to : new long[] {min, min + 1, max - 1, max}) {
                out.add(new int[] {(int) from, (int) to});
            }
        }
        return out;
    }

    // =========================================================================================
    // Yielding at chunk ends
    // =========================================================================================

    /**
     * With a preemption request pending before every {@code run()}, a strip-mined loop yields at
     * the end of every chunk and nowhere else, and resumes with all its values: the same result
     * as the plain twin, and exactly the expected number of yields. (Without strip mining it
     * would yield on every iteration; with a chunk check missing, fewer times.)
     */
    @Test
    void yieldsOncePerChunkAndResumesIntact() {
        Shape lt1 = shape("lt1"), ge3 = shape("ge3"), le1 = shape("le1"), le3 = shape("le3");
        Shape nested = shape("nested"), boundModified = shape("boundModified");
        int max = Integer.MAX_VALUE, min = Integer.MIN_VALUE;
        // shape, from, to, expected yields
        Object[][] cases = {
            {lt1, 0, 1, 1},
            {lt1, 0, CHUNK - 1, 1},
            {lt1, 0, CHUNK, 1},
            {lt1, 0, CHUNK + 1, 2},
            {lt1, 5, 5 + 5 * CHUNK + 7, 6},
            {lt1, 0, 0, 0},                        // empty: the head's test fails at once
            {ge3, 0, -3 * (2 * CHUNK) - 5, 3},      // 2 * CHUNK + 2 iterations
            // i <= MAX wraps: chunks of 1024, 1024 (up to MAX), 1 (at MAX: the increment
            // wraps), then 4 of 1024 from MIN_VALUE; the cap's break 4 iterations into the
            // eighth leaves without a check
            {le1, max - 2 * CHUNK, max, 7},
            // step 3 next to the edge: one iteration to MAX - 2, one whose increment wraps to
            // MIN_VALUE, then 6 chunks of 1024 and the cap (a wrapped index must not stay in
            // a chunk: it would run 2^32 / 3 iterations unchecked)
            {le3, max - 5, max, 8},
            {ge3, min + 5, min, 8},
            // three outer iterations: 2 chunks of the inner loop each, plus the outer back-edge
            {nested, 0, CHUNK + 1, 3 * 2 + 3},
            // not mined: every back-edge checks (700 iterations after the bound moved down)
            {boundModified, 0, 3000, 2300},
        };
        for (Object[] c : cases) {
            Shape s = (Shape) c[0];
            int from = (Integer) c[1], to = (Integer) c[2], yields = (Integer) c[3];
            String what = String.format("%s(from=%d, to=%d) preempted", s, from, to);
            Continuation k = new Continuation(
                    (GoCallable<Long>) () -> s.go().apply(from, to, CAP));
            int parks = 0;
            k.preempt();
            while (!k.run()) {
                assertEquals(Continuation.YIELDED, k.parkKind(), what + ": park kind");
                parks++;
                k.preempt();
            }
            assertEquals(outcome(() -> s.plain().apply(from, to, CAP)),
                    k.failure() != null ? "!" + k.failure() : "=" + k.result(), what);
            assertEquals(yields, parks, what + ": yields");
        }
    }

    /**
     * A park inside a counted loop, with locals of every kind live across it: the call keeps the
     * loop from being mined (a call may take any time; see {@code CountedLoops}), and the loop
     * still runs every iteration with every value intact.
     */
    @Test
    void parkInsideACountedLoop() {
        for (int n : new int[] {0, 1, 3, CHUNK + 1}) {
            long[] got = new long[1];
            int parks = Driver.runToEnd(new Continuation(() -> {
                got[0] = parkEveryIteration(n, 3.5, "s");
            }));
            assertEquals(n, parks, "parkEveryIteration(" + n + "): parks");
            long h = 0;
            double d = 3.5;
            for (int i = 0; i < n; i++) {
                d = d * 1.5 + i;
                h = h * 31 + i + (long) d + 1;
            }
            assertEquals(h, got[0], "parkEveryIteration(" + n + ")");
        }
    }

    @Goroutine
    static long parkEveryIteration(int n, double d, String s) {
        long h = 0;
        for (int i = 0; i < n; i++) {
            d = d * 1.5 + i;
            int v = Park.i(i);
            h = h * 31 + v + (long) d + s.length();
        }
        return h;
    }

    // =========================================================================================
    // Preemption
    // =========================================================================================

    /**
     * At GOMAXPROCS 1, a goroutine in a long counted loop that calls nothing (a strip-mined loop:
     * {@code StripMiningTest} checks {@code spinGo}) is preempted at a chunk end, so the other
     * goroutine gets to run and stop it. Were the chunk's check missing, the loop would run its
     * 2^31 - 1 iterations and return {@code MAX_VALUE}.
     */
    @Test
    @Timeout(60)
    void countedLoopWithoutCallsIsPreemptedWithOneProc() {
        int old = Go.setGomaxprocs(1);
        try {
            CountedLoopSubjects.stop = false;
            int[] a = new int[1 << 16];
            for (int i = 0; i < a.length; i++) {
                a[i] = i;
            }
            int[] stoppedAt = new int[1];
            Go.run(() -> {
                Go.go(() -> {
                    CountedLoopSubjects.stop = true;
                });
                stoppedAt[0] = CountedLoopSubjects.spinGo(a, Integer.MAX_VALUE);
            });
            assertTrue(stoppedAt[0] < Integer.MAX_VALUE,
                    "the loop ran to its end: the other goroutine never ran");
        } finally {
            Go.setGomaxprocs(old);
            CountedLoopSubjects.stop = false;
        }
    }

    // =========================================================================================
    // Helpers
    // =========================================================================================

    static Shape shape(String name) {
        return shapes().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** {@code "=" + result}, or {@code "!" + exception} (class and message). */
    static String outcome(LongSupplier f) {
        try {
            return "=" + f.getAsLong();
        } catch (RuntimeException e) {
            return "!" + e;
        }
    }

    static String describe(Driver.Outcome o) {
        return o.failure() != null ? "!" + o.failure() : "=" + o.result();
    }
}
