package io.golib.runtime.stackfixtures;

import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Goroutine bodies for the tests of {@code io.golib.runtime.stack}, kept in their own package
 * because the agent never rewrites that one (it holds the parking primitives themselves).
 */
public final class ParkingBodies {
    private ParkingBodies() {}

    /**
     * Allocates 1 MiB, publishes a weak reference to it, parks holding it, uses it, then parks
     * again with it dead.
     */
    public static GoRunnable holdThenDrop(AtomicReference<WeakReference<Object>> weak) {
        return () -> {
            Object big = new byte[1 << 20];
            weak.set(new WeakReference<>(big));
            Continuation.park(); // big is live here: saved
            consume(big);        // restored, used, then dead
            Continuation.park(); // big is not saved again
        };
    }

    @Goroutine
    private static void consume(Object o) {
        if (o == null) {
            throw new AssertionError();
        }
    }

    /** Parks {@code depth} frames below its caller, each frame holding a reference and an int. */
    @Goroutine
    public static int descend(int depth, Object keep) {
        if (depth == 0) {
            Continuation.park();
            return 1;
        }
        int r = descend(depth - 1, keep);
        return r + (keep == null ? 0 : depth);
    }

    /** A body class of its own: parks {@code depth} frames deep once. */
    public static final class Descender implements GoRunnable {
        private final int depth;

        public Descender(int depth) {
            this.depth = depth;
        }

        @Override
        @Goroutine
        public void run() {
            descend(depth, this);
        }
    }

    /** Like {@link Descender}, a body class of its own for tests that read its learned size. */
    public static final class OnceDescender implements GoRunnable {
        private final int depth;

        public OnceDescender(int depth) {
            this.depth = depth;
        }

        @Override
        @Goroutine
        public void run() {
            descend(depth, this);
        }
    }

    /** A body class of its own whose parked frames hold references only. */
    public static final class ReferenceKeeper implements GoRunnable {
        public Object kept;

        @Override
        @Goroutine
        public void run() {
            Object mine = new Object();
            Object back = keepAcrossPark(mine);
            kept = back == mine ? back : null;
        }
    }

    @Goroutine
    private static Object keepAcrossPark(Object o) {
        Continuation.park();
        return o;
    }

    /** Another body class: parks 500 frames deep once. */
    public static GoRunnable deepRecursion() {
        return () -> descend(500, "x");
    }
}
