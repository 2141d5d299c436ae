package io.golib.chan;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What a {@code select} needs besides its cases, kept per goroutine (or plain thread) and reused:
 * one waiter per case (Go's sudogs from the per-P cache), the poll and lock orders, the cases of
 * a parked select, and the poll order's random state. Made on a parker's first select, so a
 * goroutine that never selects does not carry it (a parked goroutine's memory is mostly such
 * fields).
 *
 * <p>Owner only: the goroutine or thread of its {@link Parker}, while it selects.
 */
final class SelectScratch {
    private static final CaseWaiter[] NO_WAITERS = new CaseWaiter[0];
    private static final int[] NO_INTS = new int[0];

    /** One waiter per case of the current select; grown, never shrunk. */
    CaseWaiter[] caseWaiters = NO_WAITERS;
    /** pollorder then lockorder, two halves of {@code 2 * cases} ints; grown, never shrunk. */
    int[] order = NO_INTS;
    /**
     * The number of cases {@code n} whose lock order the last select left in
     * {@code order[n, 2n)}, or -1: a select over the same channels (a loop's usual case) checks
     * that order in n steps instead of sorting again (see {@code SelectGo.orders}).
     */
    int lockOrderCount = -1;
    /** The cases of the select being parked, for {@link SelectGo#unlockAfterPark}; else null. */
    SelectCase[] selecting;
    int selectingCount;
    /** xorshift state for select's poll order (Go's cheaprand); never 0. */
    private int seed;

    SelectScratch() {
        int s = ThreadLocalRandom.current().nextInt();
        this.seed = s == 0 ? 0x9E3779B9 : s;
    }

    /** Go's cheaprandn: a pseudo-random number in [0, n). */
    int nextRandom(int n) {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (int) (((x & 0xFFFFFFFFL) * n) >>> 32);
    }

    /** The waiter for case {@code i} of a select of {@code n} cases by {@code owner}. */
    CaseWaiter caseWaiter(int i, int n, Parker owner) {
        if (caseWaiters.length < n) {
            caseWaiters = java.util.Arrays.copyOf(caseWaiters, Math.max(n, 4));
        }
        CaseWaiter w = caseWaiters[i];
        if (w == null) {
            w = new CaseWaiter(owner);
            caseWaiters[i] = w;
        }
        return w;
    }

    /** Scratch for pollorder and lockorder of {@code n} cases. */
    int[] order(int n) {
        if (order.length < 2 * n) {
            order = new int[Math.max(2 * n, 8)];
            lockOrderCount = -1;
        }
        return order;
    }
}
