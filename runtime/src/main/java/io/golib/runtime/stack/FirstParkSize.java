package io.golib.runtime.stack;

/**
 * How many slots the first park of goroutines with a given body class needed: the size of the
 * first segment their stacks get. A parked goroutine's first segment is most of its memory, and
 * goroutines of one body class (one {@code go(() -> ...)} site) mostly park the same way, so the
 * first one of a class measures and the rest get a segment that fits. A park that needs more
 * than its first segment still works: it links another segment, and the size grows to what it
 * needed for the goroutines started after it.
 *
 * <p>Invariants: the sizes only grow, and are at most {@link #CAP}. Any thread: updates are racy
 * on purpose (two goroutines learning at once keep one of their sizes; the next one to need more
 * grows it again), so the fast path is two plain loads.
 */
final class FirstParkSize {
    /** Beyond this, a first park is deep (recursion): no need to size every goroutine for it. */
    static final int CAP = 64;

    private static final ClassValue<FirstParkSize> BY_BODY_CLASS = new ClassValue<>() {
        @Override
        protected FirstParkSize computeValue(Class<?> type) {
            return new FirstParkSize();
        }
    };

    /** {@link #prims} and {@link #refs} until a goroutine of the class parked. */
    static final int UNKNOWN = -1;

    /** Slots for primitives (0 when its frames hold only references) and for references. */
    int prims = UNKNOWN;
    int refs = UNKNOWN;

    /** The sizes for goroutines whose body is an instance of {@code bodyClass}. */
    static FirstParkSize of(Class<?> bodyClass) {
        return BY_BODY_CLASS.get(bodyClass);
    }

    /** Learns from {@code s}'s first batch, just before it is sealed. */
    void learn(Stack s) {
        int p = Math.min(CAP, s.firstBatchPrims());
        int r = Math.min(CAP, s.firstBatchRefs());
        if (p > prims) {
            prims = p;
        }
        if (r > refs) {
            refs = r;
        }
    }
}
