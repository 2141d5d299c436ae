package io.golib.benchmarks;

import io.golib.Goroutine;

/**
 * Five suspendable methods calling each other, each doing a little arithmetic: the instrumented
 * half of {@link FastPathBench}. The agent rewrites every call here into a suspension point
 * (arm the callee's key, call, check for unwinding) and gives every method a resume prologue,
 * although nothing below ever parks: this is the price of the fast path.
 *
 * <p>Invariant: the bodies are character for character those of {@link PlainChain}; only the
 * annotation differs, so any gap between the two is the rewriting.
 */
final class GoChain {
    private GoChain() {}

    @Goroutine
    static int a(int x) {
        return b(x * 31 + 7) ^ x;
    }

    @Goroutine
    static int b(int x) {
        return c(x + 0x5bd1e995) * 3;
    }

    @Goroutine
    static int c(int x) {
        return d(x ^ (x >>> 13)) + x;
    }

    @Goroutine
    static int d(int x) {
        return e(x * 0x27d4eb2d) - 1;
    }

    @Goroutine
    static int e(int x) {
        return x ^ (x >>> 15);
    }
}
