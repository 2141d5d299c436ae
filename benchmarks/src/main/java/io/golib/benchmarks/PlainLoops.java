package io.golib.benchmarks;

/**
 * {@link GoLoops} without {@code @Goroutine}: left alone by the agent, no back-edge checks. The
 * baseline of {@link SafepointBench}; keep the bodies identical to GoLoops'.
 */
final class PlainLoops {
    private PlainLoops() {}

    static int mix(int seed, int n) {
        int h = seed;
        for (int i = 0; i < n; i++) {
            h = h * 0x9E3779B1 + i;
            h ^= h >>> 15;
        }
        return h;
    }

    static int sum(int[] a, int k) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * k + 1;
        }
        return s;
    }
}
