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
        assertEquals(0, size.prims, "nothing learned before the first park");

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
     * A static method's frame record has no receiver slot: parked one call below
     * {@code Descender.run} (an instance method: entry and receiver, nothing else live), the
     * static {@code descend(1, keep)} (entry, and {@code keep}, live after its call) and
     * {@code descend(0, keep)} (entry only: {@code keep} is dead after its park) take five
     * reference slots, not seven. The frames still read back right, mixed as they are.
     */
    @Test
    void staticFramesHaveNoReceiverSlot() {
        Continuation c = new Continuation(new ParkingBodies.OnceDescender(1));
        assertFalse(c.run());
        assertEquals(5, FirstParkSize.of(ParkingBodies.OnceDescender.class).refs);
        StackTraceElement[] frames = c.logicalStack();
        assertEquals(3, frames.length, java.util.Arrays.toString(frames));
        assertEquals("descend", frames[0].getMethodName());
        assertEquals("descend", frames[1].getMethodName());
        assertEquals("run", frames[2].getMethodName());
        assertTrue(c.run());
        assertNull(c.failure());
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
