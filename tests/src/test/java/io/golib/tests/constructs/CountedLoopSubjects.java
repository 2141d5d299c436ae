package io.golib.tests.constructs;

import io.golib.Goroutine;

/**
 * Counted loops of every shape the agent strip-mines ({@code CountedLoops}), and some it must
 * leave alone, each twice: {@code xGo} ({@code @Goroutine}: rewritten, back-edge checks, strip
 * mining) and {@code xPlain} (the same code, never rewritten). {@link CountedLoopsTest} runs both
 * on edge cases and compares; {@code StripMiningTest} checks in the bytecode which ones were
 * mined.
 *
 * <p>Invariant: the bodies of each pair are character for character the same
 * ({@code StripMiningTest} compares their bytecode). Every loop records each index it visits
 * ({@code h}), counts iterations ({@code k}) and leaves after {@code cap} of them, so a loop whose
 * index wraps around (and would never end) stops; its result folds in the index it left with.
 */
final class CountedLoopSubjects {
    private CountedLoopSubjects() {}

    /** Read on every iteration of {@link #spinGo}; set by the goroutine it must not starve. */
    static volatile boolean stop;
    /** Where {@link #spinGo} leaves its sum. */
    static long sink;
    /** What {@code arrayModified} switches to half-way. */
    static final int[] SHORTER = new int[1700];

    static {
        for (int i = 0; i < SHORTER.length; i++) {
            SHORTER[i] = i * 7;
        }
    }

    static long digest(long h, int k, int i) {
        return (h * 1_000_003L + k) * 1_000_003L + i;
    }

    /**
     * A long counted loop with no call, for the preemption test: sums {@code a} (length a power
     * of two) round and round until {@link #stop}; returns the index it stopped at.
     */
    @Goroutine
    static int spinGo(int[] a, int n) {
        long s = 0;
        int mask = a.length - 1;
        int i;
        for (i = 0; i < n; i++) {
            s += a[i & mask];
            if (stop) {
                break;
            }
        }
        sink = s;
        return i;
    }

    /** {@code i < to}, step 1 (IF_ICMPGE). */
    @Goroutine
    static long lt1Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i < to}, step 1 (IF_ICMPGE). */
    static long lt1Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= to}, step 1 (IF_ICMPGT). */
    @Goroutine
    static long le1Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= to; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= to}, step 1 (IF_ICMPGT). */
    static long le1Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= to; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i < to}, step 3. */
    @Goroutine
    static long lt3Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i += 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i < to}, step 3. */
    static long lt3Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i += 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= to}, step 3. */
    @Goroutine
    static long le3Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= to; i += 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= to}, step 3. */
    static long le3Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= to; i += 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i < to}, step 30 000 (a wide IINC). */
    @Goroutine
    static long ltWideGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i += 30_000) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i < to}, step 30 000 (a wide IINC). */
    static long ltWidePlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i += 30_000) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= to}, step 32 767 (the largest IINC). */
    @Goroutine
    static long leMaxStepGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= to; i += 32_767) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= to}, step 32 767 (the largest IINC). */
    static long leMaxStepPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= to; i += 32_767) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i > to}, step -1 (IF_ICMPLE). */
    @Goroutine
    static long gt1Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > to; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i > to}, step -1 (IF_ICMPLE). */
    static long gt1Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > to; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= to}, step -1 (IF_ICMPLT). */
    @Goroutine
    static long ge1Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= to; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= to}, step -1 (IF_ICMPLT). */
    static long ge1Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= to; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i > to}, step -3. */
    @Goroutine
    static long gt3Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > to; i -= 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i > to}, step -3. */
    static long gt3Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > to; i -= 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= to}, step -3. */
    @Goroutine
    static long ge3Go(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= to; i -= 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= to}, step -3. */
    static long ge3Plain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= to; i -= 3) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= to}, step -32 768 (the smallest IINC). */
    @Goroutine
    static long geMinStepGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= to; i -= 32_768) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= to}, step -32 768 (the smallest IINC). */
    static long geMinStepPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= to; i -= 32_768) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i < 0} (IFGE); {@code to} unused. */
    @Goroutine
    static long ltZeroGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < 0; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i < 0} (IFGE); {@code to} unused. */
    static long ltZeroPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < 0; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= 0} (IFGT). */
    @Goroutine
    static long leZeroGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= 0; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i <= 0} (IFGT). */
    static long leZeroPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= 0; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i > 0} (IFLE). */
    @Goroutine
    static long gtZeroGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > 0; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i > 0} (IFLE). */
    static long gtZeroPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > 0; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= 0} (IFLT), the usual count-down. */
    @Goroutine
    static long geZeroGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= 0; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code i >= 0} (IFLT), the usual count-down. */
    static long geZeroPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i >= 0; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A constant bound: {@code i < 5000} (SIPUSH). */
    @Goroutine
    static long ltSipushGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < 5000; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A constant bound: {@code i < 5000} (SIPUSH). */
    static long ltSipushPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < 5000; i++) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A constant bound: {@code i <= 100_000} (LDC). */
    @Goroutine
    static long leLdcGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= 100_000; i += 7) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A constant bound: {@code i <= 100_000} (LDC). */
    static long leLdcPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i <= 100_000; i += 7) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A constant bound: {@code i > -100} (BIPUSH), counting down. */
    @Goroutine
    static long gtBipushGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > -100; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A constant bound: {@code i > -100} (BIPUSH), counting down. */
    static long gtBipushPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i > -100; i--) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** The same shape from a {@code while} loop. */
    @Goroutine
    static long whileLtGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i = from;
        while (i < to) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
            i++;
        }
        return digest(h, k, i);
    }

    /** The same shape from a {@code while} loop. */
    static long whileLtPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i = from;
        while (i < to) {
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
            i++;
        }
        return digest(h, k, i);
    }

    /** {@code continue} (a jump to the IINC) and {@code break} (to the exit). */
    @Goroutine
    static long breakContinueGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            if ((i & 7) == 3) {
                continue;
            }
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** {@code continue} (a jump to the IINC) and {@code break} (to the exit). */
    static long breakContinuePlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            if ((i & 7) == 3) {
                continue;
            }
            h = h * 31 + i;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A call to {@code Math.abs} in the body: constant time, still mined. */
    @Goroutine
    static long mathCallGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + Math.abs(i - 5000);
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** A call to {@code Math.abs} in the body: constant time, still mined. */
    static long mathCallPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + Math.abs(i - 5000);
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** Nested loops: the inner one is mined, the outer one keeps a check per iteration. */
    @Goroutine
    static long nestedGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i = 0;
        for (int j = 0; j < 3; j++) {
            for (i = from; i < to; i++) {
                h = h * 31 + i + j;
                if (++k >= cap) {
                    break;
                }
            }
            h = h * 7 + j;
        }
        return digest(h, k, i);
    }

    /** Nested loops: the inner one is mined, the outer one keeps a check per iteration. */
    static long nestedPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i = 0;
        for (int j = 0; j < 3; j++) {
            for (i = from; i < to; i++) {
                h = h * 31 + i + j;
                if (++k >= cap) {
                    break;
                }
            }
            h = h * 7 + j;
        }
        return digest(h, k, i);
    }

    /** The bound local is written in the body: must not be mined, and stays correct. */
    @Goroutine
    static long boundModifiedGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + i;
            if (i == from + 1500) {
                to -= 700;
            }
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** The bound local is written in the body: must not be mined, and stays correct. */
    static long boundModifiedPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + i;
            if (i == from + 1500) {
                to -= 700;
            }
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** The index is written in the body besides its IINC: not mined. */
    @Goroutine
    static long indexModifiedGo(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + i;
            if ((i & 1023) == 1000) {
                i += 5;
            }
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** The index is written in the body besides its IINC: not mined. */
    static long indexModifiedPlain(int from, int to, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < to; i++) {
            h = h * 31 + i;
            if ((i & 1023) == 1000) {
                i += 5;
            }
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** Over an array parameter ({@code ALOAD; ARRAYLENGTH}), from an offset. */
    @Goroutine
    static long sumArrayGo(int[] a, int from, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < a.length; i++) {
            h = h * 31 + a[i];
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** Over an array parameter ({@code ALOAD; ARRAYLENGTH}), from an offset. */
    static long sumArrayPlain(int[] a, int from, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < a.length; i++) {
            h = h * 31 + a[i];
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** Enhanced {@code for} over an array: a hidden length local. */
    @Goroutine
    static long forEachGo(int[] a, int from, int cap) {
        long h = from;
        int k = 0;
        for (int v : a) {
            h = h * 31 + v;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, 0);
    }

    /** Enhanced {@code for} over an array: a hidden length local. */
    static long forEachPlain(int[] a, int from, int cap) {
        long h = from;
        int k = 0;
        for (int v : a) {
            h = h * 31 + v;
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, 0);
    }

    /** The array local is replaced in the body: its length is not invariant, not mined. */
    @Goroutine
    static long arrayModifiedGo(int[] a, int from, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < a.length; i++) {
            h = h * 31 + a[i];
            if (i == from + 1500) {
                a = SHORTER;
            }
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** The array local is replaced in the body: its length is not invariant, not mined. */
    static long arrayModifiedPlain(int[] a, int from, int cap) {
        long h = 0;
        int k = 0;
        int i;
        for (i = from; i < a.length; i++) {
            h = h * 31 + a[i];
            if (i == from + 1500) {
                a = SHORTER;
            }
            if (++k == cap) {
                break;
            }
        }
        return digest(h, k, i);
    }

    /** The vectorisable reduction of the benchmarks' {@code GoLoops.sum}. */
    @Goroutine
    static int sumGo(int[] a, int m) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * m + 1;
        }
        return s;
    }

    /** The vectorisable reduction of the benchmarks' {@code GoLoops.sum}. */
    static int sumPlain(int[] a, int m) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * m + 1;
        }
        return s;
    }
}
