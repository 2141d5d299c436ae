package io.golib.benchmarks;

import io.golib.Goroutine;

/**
 * Two tight loops that call nothing, in suspendable methods: the rewritten half of
 * {@link SafepointBench}. Since a goroutine must be preemptible even in a loop that calls nothing
 * (API.md: "preempted at its next loop back-edge"), the agent adds a check at each back-edge; that
 * check, and whatever optimisation it blocks (unrolling, vectorisation), is what is measured. Both
 * loops here are counted loops, which the agent strip-mines (its {@code CountedLoops}): chunks of
 * up to 1 024 iterations with no check, one check per chunk.
 *
 * <p>Invariant: the bodies are character for character those of {@link PlainLoops}.
 */
final class GoLoops {
    private GoLoops() {}

    /** A serial dependency chain (multiply, add, shift, xor): latency-bound, not vectorisable. */
    @Goroutine
    static int mix(int seed, int n) {
        int h = seed;
        for (int i = 0; i < n; i++) {
            h = h * 0x9E3779B1 + i;
            h ^= h >>> 15;
        }
        return h;
    }

    /** An array reduction: C2 unrolls and vectorises it when nothing in the body prevents it. */
    @Goroutine
    static int sum(int[] a, int k) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * k + 1;
        }
        return s;
    }
}
