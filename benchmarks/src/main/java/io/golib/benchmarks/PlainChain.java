package io.golib.benchmarks;

/**
 * {@link GoChain} without {@code @Goroutine}: the agent finds nothing suspendable in this class and
 * leaves it alone. The baseline of {@link FastPathBench}; keep the bodies identical to GoChain's.
 */
final class PlainChain {
    private PlainChain() {}

    static int a(int x) {
        return b(x * 31 + 7) ^ x;
    }

    static int b(int x) {
        return c(x + 0x5bd1e995) * 3;
    }

    static int c(int x) {
        return d(x ^ (x >>> 13)) + x;
    }

    static int d(int x) {
        return e(x * 0x27d4eb2d) - 1;
    }

    static int e(int x) {
        return x ^ (x >>> 15);
    }
}
