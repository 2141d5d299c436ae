package io.golib.runtime.stack;

/**
 * One fixed-size piece of a goroutine's heap stack: parallel arrays of primitive slots (ints,
 * floats, longs and doubles, each in one {@code long}) and reference slots, so nothing is boxed.
 *
 * <p>Invariants: a frame record never spans two segments; where the writer moved on to the next
 * segment before the end of {@link #refs}, the slot it stopped at holds {@link #JUMP} (every
 * record starts with a reference slot, its site, so the reference cursor alone says where). Segments
 * are linked once and kept for reuse, so a goroutine that parks at the same depth again allocates
 * nothing. Owned by the thread running the goroutine, like its {@link Stack}.
 *
 * <p>A stack is its own first segment ({@link Stack} extends this class): a parked goroutine
 * then carries the two arrays, not also an object around them. Only its arrays are set late,
 * on the first park, sized by {@link FirstParkSize}; they never change after that.
 */
class Segment {
    /** A reference slot that says "the next record starts in {@link #next}". */
    static final Object JUMP = new Object();

    long[] prims;
    Object[] refs;
    Segment next;

    Segment(int prims, int refs) {
        this.prims = new long[prims];
        this.refs = new Object[refs];
    }

    /** For {@link Stack}: its arrays come with its first park. */
    Segment() {}
}
