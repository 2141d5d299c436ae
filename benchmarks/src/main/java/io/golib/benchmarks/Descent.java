package io.golib.benchmarks;

import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;

/**
 * A goroutine that recurses {@code depth} frames deep and then yields forever at the bottom: the
 * subject of {@link ParkResumeBench}. The frames below the loop never return, so after the first
 * park only the bottom frame is ever re-entered (resume is innermost-first): a round trip should
 * cost the same at any depth.
 */
final class Descent {
    private Descent() {}

    /** {@code depth} ≥ 1 frames of this method; the bottom one yields in a loop, forever. */
    @Goroutine
    static int down(int depth) {
        if (depth <= 1) {
            while (true) {
                Continuation.yieldNow();
            }
        }
        // "+ 1": not a tail call, so every level keeps a frame with live state.
        return down(depth - 1) + 1;
    }
}
