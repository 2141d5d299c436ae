package io.golib.runtime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.runtime.stackfixtures.ParkingBodies;
import io.golib.runtime.stackfixtures.ParkingBodies.Descender;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a parked goroutine's heap stack holds: only its live values (a value restored and then
 * dead is not kept alive by the stack), and a first segment sized by what earlier goroutines of
 * the same body class needed ({@link FirstParkSize}). Runs on a plain thread driving
 * continuations by hand; the bodies are in {@link ParkingBodies} (this package is never rewritten).
 */
class StackStorageTest {

    /** A restored reference that is dead at the next park is no longer reachable from the stack. */
    @Test
    void restoredReferencesAreNotKeptAlive() {
        AtomicReference<WeakReference<Object>> weak = new AtomicReference<>();
        Continuation c = new Continuation(ParkingBodies.holdThenDrop(weak));
        assertFalse(c.run());
        assertFalse(c.run());
        for (int i = 0; i < 10 && weak.get().get() != null; i++) {
            System.gc();
        }
        assertNull(weak.get().get(), "the parked stack keeps a restored, dead reference alive");
        assertTrue(c.run());
    }

    private static Continuation parked(int depth) {
        Continuation c = new Continuation(new Descender(depth));
        assertFalse(c.run());
        return c;
    }

    /**
     * The first goroutine of a body class gets the default first segment; the next ones get one
     * that fits the first park exactly; a deeper first park still works (it links a segment) and
     * the ones after it get room for it.
     */
    @Test
    void firstSegmentIsSizedByTheBodyClass() {
        FirstParkSize size = FirstParkSize.of(Descender.class);
        assertEquals(FirstParkSize.UNKNOWN, size.prims, "nothing learned before the first park");

        Continuation first = parked(1);
        int prims = size.prims;
        int refs = size.refs;
        assertTrue(prims > 0 && refs > 0, "learned from the first park");

        Continuation second = parked(1);
        assertEquals(prims, second.firstSegmentPrims(), "sized to fit exactly");
        assertEquals(refs, second.firstSegmentRefs());
        assertFalse(second.linkedSegments(), "and it fits");

        Continuation deeper = parked(6);
        assertTrue(deeper.linkedSegments(), "a deeper park overflows into a linked segment");
        assertTrue(size.prims > prims && size.refs > refs, "and grows the size");
        Continuation after = parked(6);
        assertFalse(after.linkedSegments(), "the next one fits");

        for (Continuation c : new Continuation[] {first, second, deeper, after}) {
            assertTrue(c.run(), "every one resumes to its end");
            assertNull(c.failure());
        }
    }

    /**
     * A frame record is its site, its receiver if it has one, and its live values: parked one
     * call below {@code Descender.run} (an instance method: site and receiver, nothing else
     * live), the static {@code descend(1, keep)} (site, and {@code keep}, live after its call)
     * and {@code descend(0, keep)} (site only: {@code keep} is dead after its park) take five
     * reference slots, not seven, and one primitive slot ({@code descend(1)}'s depth, live after
     * its call). The frames still read back right, mixed as they are.
     */
    @Test
    void recordsHoldOnlyLiveValuesAndStaticFramesHaveNoReceiverSlot() {
        Continuation c = new Continuation(new ParkingBodies.OnceDescender(1));
        assertFalse(c.run());
        FirstParkSize size = FirstParkSize.of(ParkingBodies.OnceDescender.class);
        assertEquals(5, size.refs);
        assertEquals(1, size.prims);
        StackTraceElement[] frames = c.logicalStack();
        assertEquals(3, frames.length, java.util.Arrays.toString(frames));
        assertEquals("descend", frames[0].getMethodName());
        assertEquals("descend", frames[1].getMethodName());
        assertEquals("run", frames[2].getMethodName());
        assertTrue(c.run());
        assertNull(c.failure());
    }

    /**
     * Frames that hold references only take no primitive slot: the first goroutine of the class
     * learns a size of zero, and the next one parks with no primitive array (its values and
     * sites all in the reference array) and resumes with its references intact.
     */
    @Test
    void referenceOnlyFramesNeedNoPrimitiveArray() {
        Continuation first = new Continuation(new ParkingBodies.ReferenceKeeper());
        assertFalse(first.run());
        FirstParkSize size = FirstParkSize.of(ParkingBodies.ReferenceKeeper.class);
        assertEquals(0, size.prims);
        assertEquals(5, size.refs, "run: site, receiver, mine; keepAcrossPark: site, o");
        ParkingBodies.ReferenceKeeper body = new ParkingBodies.ReferenceKeeper();
        Continuation next = new Continuation(body);
        assertFalse(next.run());
        assertEquals(0, next.firstSegmentPrims());
        assertFalse(next.linkedSegments());
        assertTrue(next.run());
        assertNull(next.failure());
        assertTrue(body.kept != null, "the reference came back from the heap frames");
        assertTrue(first.run());
    }

    /** Recursion far beyond the cap: the size stops at the cap, the park still works. */
    @Test
    void deepFirstParksAreCapped() {
        Continuation c = new Continuation(ParkingBodies.deepRecursion());
        assertFalse(c.run());
        FirstParkSize size = FirstParkSize.of(c.bodyClass());
        assertEquals(FirstParkSize.CAP, size.prims);
        assertEquals(FirstParkSize.CAP, size.refs);
        assertTrue(c.run());
        assertNull(c.failure());
    }
}
