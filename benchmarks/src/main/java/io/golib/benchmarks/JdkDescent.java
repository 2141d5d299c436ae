package io.golib.benchmarks;

/**
 * {@link Descent} for the JDK's continuations: the same recursion, yielding with
 * {@code jdk.internal.vm.Continuation.yield} at the bottom. Loom freezes the frames on the thread
 * stack into a heap chunk at a yield and thaws them lazily (a return barrier), so after the first
 * round trip only the bottom frames move: its cost should be flat in depth too.
 */
final class JdkDescent {
    private JdkDescent() {}

    static int down(int depth) {
        if (depth <= 1) {
            while (true) {
                JdkContinuations.yieldNow();
            }
        }
        return down(depth - 1) + 1;
    }
}
