package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-threaded semantics of a P's local run queue: put, get, overflow, drain, steal. */
class RunQueueTest {
    private static final int CAP = RunQueue.CAPACITY;

    private final Object lock = new Object();
    private final GlobalQueue global = new GlobalQueue(lock);

    private static G[] gs(int n) {
        G[] gs = new G[n];
        for (int i = 0; i < n; i++) {
            gs[i] = new G(i);
        }
        return gs;
    }

    private static List<Long> range(int from, int to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static List<Long> getAll(RunQueue q) {
        List<Long> ids = new ArrayList<>();
        for (G gp; (gp = q.get()) != null; ) {
            ids.add(gp.id);
        }
        return ids;
    }

    private List<Long> globalAll() {
        List<Long> ids = new ArrayList<>();
        synchronized (lock) {
            for (G gp; (gp = global.get()) != null; ) {
                ids.add(gp.id);
            }
        }
        return ids;
    }

    private int globalSize() {
        synchronized (lock) {
            return global.size();
        }
    }

    // ---------------------------------------------------------------- put / get

    /** The ring is FIFO at every fill level, across the wrap of the indices. */
    @Test
    void ringIsFifo() {
        RunQueue q = new RunQueue(false);
        G[] g = gs(CAP);
        for (int n = 0; n <= CAP; n++) {
            assertTrue(q.isEmpty(), "runq[" + n + "]: empty before");
            for (int i = 0; i < n; i++) {
                q.put(g[i], false, global);
            }
            assertEquals(n, q.size(), "runq[" + n + "]: size");
            for (int i = 0; i < n; i++) {
                G gp = q.get();
                assertSame(g[i], gp, "runq[" + n + "]: get #" + i);
                assertFalse(q.lastInheritTime, "runq[" + n + "]: a ring G starts a new time slice");
            }
            assertNull(q.get(), "runq[" + n + "]: empty after");
        }
        assertEquals(0, globalSize(), "nothing overflowed");
    }

    @Test
    void runnextRunsFirstAndInheritsTheTimeSlice() {
        RunQueue q = new RunQueue(false);
        G[] g = gs(3);
        q.put(g[0], false, global);
        q.put(g[1], false, global);
        q.put(g[2], true, global);
        assertSame(g[2], q.get());
        assertTrue(q.lastInheritTime, "runnext inherits the time slice");
        assertSame(g[0], q.get());
        assertFalse(q.lastInheritTime);
        assertSame(g[1], q.get());
        assertNull(q.get());
        assertFalse(q.lastInheritTime, "empty get");
    }

    @Test
    void newRunnextKicksTheOldOneToTheTail() {
        RunQueue q = new RunQueue(false);
        G[] g = gs(4);
        q.put(g[0], false, global);
        q.put(g[1], true, global);
        q.put(g[2], true, global); // g1 -> tail
        q.put(g[3], false, global);
        assertEquals(4, q.size());
        assertEquals(List.of(2L, 0L, 1L, 3L), getAll(q));
    }

    /** The 257th put moves the older half of the ring plus the new G, exactly 129, to global. */
    @Test
    void overflowMovesHalfPlusOneToGlobal() {
        RunQueue q = new RunQueue(false);
        G[] g = gs(CAP + 1);
        for (int i = 0; i < CAP; i++) {
            q.put(g[i], false, global);
        }
        assertEquals(0, globalSize(), "a full ring does not overflow yet");
        q.put(g[CAP], false, global);
        assertEquals(CAP / 2 + 1, globalSize(), "moved to global");
        List<Long> wantGlobal = range(0, CAP / 2);
        wantGlobal.add((long) CAP);
        assertEquals(wantGlobal, globalAll(), "global: the older half, then the new G");
        assertEquals(range(CAP / 2, CAP), getAll(q), "local: the newer half");
    }

    /** Overflow also works with a wrapped ring, and a kicked-out runnext is the G that overflows. */
    @Test
    void overflowFromAWrappedRingThroughRunnext() {
        RunQueue q = new RunQueue(false);
        G[] g = gs(CAP + 102);
        for (int i = 0; i < 100; i++) { // move head and tail to 100
            q.put(g[i], false, global);
            assertSame(g[i], q.get());
        }
        for (int i = 100; i < 100 + CAP; i++) {
            q.put(g[i], false, global);
        }
        q.put(g[CAP + 100], true, global); // runnext; the ring stays full
        assertEquals(0, globalSize());
        q.put(g[CAP + 101], true, global); // kicks g[CAP+100] to the full ring: overflow
        List<Long> wantGlobal = range(100, 100 + CAP / 2);
        wantGlobal.add((long) CAP + 100);
        assertEquals(wantGlobal, globalAll());
        List<Long> wantLocal = range(100 + CAP / 2, 100 + CAP);
        wantLocal.add(0, (long) CAP + 101);
        assertEquals(wantLocal, getAll(q));
    }

    // ---------------------------------------------------------------- putBatch

    @Test
    void putBatchKeepsOrderAndOverflowsTheRestToGlobal() {
        for (int n : new int[] {1, 2, 100, CAP, CAP + 1, 300}) {
            RunQueue q = new RunQueue(false);
            G[] g = gs(n + 10);
            for (int i = 0; i < 10; i++) {
                q.put(g[i], false, global);
            }
            for (int i = 10; i < n + 9; i++) {
                g[i].schedlink = g[i + 1];
            }
            q.putBatch(g[10], g[n + 9], n, global);
            int fit = Math.min(n + 10, CAP);
            assertEquals(range(0, fit), getAll(q), "putBatch(" + n + "): local");
            assertEquals(range(fit, n + 10), globalAll(), "putBatch(" + n + "): global");
            for (int i = 10; i < fit; i++) {
                assertNull(g[i].schedlink, "putBatch(" + n + "): link of G" + i + " left over");
            }
        }
    }

    // ---------------------------------------------------------------- drain

    @Test
    void drainTakesRunnextThenTheRingAndEmptiesTheQueue() {
        G[] out = new G[CAP + 1];
        for (int n = 0; n <= CAP; n += (n < 4 ? 1 : 63)) {
            RunQueue q = new RunQueue(false);
            G[] g = gs(CAP + 1 + 50);
            for (int i = 0; i < 50; i++) { // wrap the indices
                q.put(g[i], false, global);
                q.get();
            }
            for (int i = 50; i < 50 + n; i++) {
                q.put(g[i], false, global);
            }
            q.put(g[CAP + 50], true, global);
            int count = q.drain(out);
            assertEquals(n + 1, count, "drain[" + n + "]: count");
            assertSame(g[CAP + 50], out[0], "drain[" + n + "]: runnext first");
            for (int i = 0; i < n; i++) {
                assertSame(g[50 + i], out[1 + i], "drain[" + n + "]: ring #" + i);
            }
            assertTrue(q.isEmpty(), "drain[" + n + "]: empty after");
            assertEquals(0, q.drain(out), "drain[" + n + "]: again");
        }
        assertEquals(0, globalSize());
    }

    @Test
    void drainIntoAShortArrayIsAFault() {
        SchedFault fault =
                assertThrows(SchedFault.class, () -> new RunQueue(false).drain(new G[CAP]));
        assertTrue(fault.getMessage().startsWith("runqdrain: "), fault.getMessage());
    }

    // ---------------------------------------------------------------- isEmpty / size

    @Test
    void isEmptyAndSizeCountRunnextAndRing() {
        RunQueue q = new RunQueue(false);
        G[] g = gs(3);
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        q.put(g[0], true, global);
        assertFalse(q.isEmpty(), "runnext only");
        assertEquals(1, q.size());
        q.put(g[1], true, global);
        q.put(g[2], false, global);
        assertEquals(3, q.size());
        q.get();
        q.get();
        assertFalse(q.isEmpty(), "ring only");
        assertEquals(1, q.size());
        q.get();
        assertTrue(q.isEmpty());
    }

    // ---------------------------------------------------------------- steal

    /**
     * A thief takes half the victim's ring rounded up, the oldest first: it runs the newest of
     * those and queues the others; the victim keeps the newer half.
     */
    @Test
    void stealTakesTheOlderHalfRoundedUp() {
        for (int k = 0; k <= CAP; k++) {
            RunQueue victim = new RunQueue(false);
            RunQueue thief = new RunQueue(false);
            G[] g = gs(CAP);
            for (int i = 0; i < k; i++) {
                victim.put(g[i], false, global);
            }
            int taken = k - k / 2;
            G gp = thief.steal(victim, false);
            if (k == 0) {
                assertNull(gp, "steal from empty");
                continue;
            }
            assertSame(g[taken - 1], gp, "steal[" + k + "]: runs the newest stolen");
            assertEquals(range(0, taken - 1), getAll(thief), "steal[" + k + "]: thief's queue");
            assertEquals(range(taken, k), getAll(victim), "steal[" + k + "]: victim keeps");
        }
    }

    @Test
    void runnextIsStolenOnlyWhenAllowedAndTheRingIsEmpty() {
        RunQueue victim = new RunQueue(false);
        RunQueue thief = new RunQueue(false);
        G[] g = gs(2);
        victim.put(g[0], true, global);
        assertNull(thief.steal(victim, false), "runnext not stolen unless allowed");
        assertEquals(1, victim.size());

        victim.put(g[1], false, global); // ring [g1], runnext g0
        assertSame(g[1], thief.steal(victim, true), "the ring first, even when runnext may go");
        assertEquals(1, victim.size(), "runnext stays");

        assertSame(g[0], thief.steal(victim, true, false), "then runnext");
        assertTrue(victim.isEmpty());
        assertTrue(thief.isEmpty(), "the stolen runnext is returned, not queued");
        assertNull(victim.get());
    }

    /** Go's back-off before taking runnext from a running P (runqgrab: usleep(3)). */
    @Test
    void stealingRunnextBacksOff() {
        RunQueue victim = new RunQueue(false);
        RunQueue thief = new RunQueue(false);
        G gp = new G(1);
        victim.put(gp, true, global);
        long start = System.nanoTime();
        assertSame(gp, thief.steal(victim, true));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= RunQueue.STEAL_RUNNEXT_BACKOFF_NANOS, "waited " + waited + " ns");
    }

    /** A thief whose own queue has no room for the loot detects the overflow, as Go throws. */
    @Test
    void stealIntoAFullQueueIsAFault() {
        RunQueue victim = new RunQueue(false);
        RunQueue thief = new RunQueue(false);
        G[] g = gs(2 * CAP);
        for (int i = 0; i < CAP; i++) {
            victim.put(g[i], false, global);
        }
        for (int i = CAP; i < CAP + 200; i++) {
            thief.put(g[i], false, global);
        }
        SchedFault fault =
                assertThrows(SchedFault.class, () -> thief.steal(victim, false));
        assertEquals("runqsteal: runq overflow", fault.getMessage());
    }

    // ---------------------------------------------------------------- randomized mode

    @Test
    void defaultModeComesFromTheProperty() {
        assertEquals(Boolean.getBoolean("golib.sched.randomize"), RunQueue.RANDOMIZE);
    }

    /**
     * Randomized mode puts into runnext half the time. 10,000 fair coin flips: sd = 50, so the
     * bounds 4,000..6,000 are 20 sd away and never fail by chance.
     */
    @Test
    void randomizedRunnextHalfTheTime() {
        int trials = 10_000;
        int inRunnext = 0;
        RunQueue q = new RunQueue(true);
        G a = new G(1);
        G b = new G(2);
        for (int i = 0; i < trials; i++) {
            q.put(a, false, global);
            q.put(b, true, global);
            G first = q.get();
            if (first == b) {
                assertTrue(q.lastInheritTime, "runnext inherits the time slice");
                inRunnext++;
            } else {
                assertSame(a, first, "trial " + i + ": else FIFO");
                assertFalse(q.lastInheritTime);
            }
            assertNotNull(q.get(), "trial " + i + ": both queued");
        }
        assertTrue(inRunnext > 4_000 && inRunnext < 6_000, "runnext " + inRunnext + " of " + trials);
        // And the default mode always uses runnext.
        RunQueue plain = new RunQueue(false);
        for (int i = 0; i < 100; i++) {
            plain.put(a, false, global);
            plain.put(b, true, global);
            assertSame(b, plain.get(), "plain trial " + i);
            plain.get();
        }
    }

    /**
     * Randomized mode shuffles the overflow batch: the same 129 Gs reach global, not in FIFO
     * order (a shuffle of 129 returns the identity with probability 1/129!).
     */
    @Test
    void randomizedOverflowIsShuffled() {
        RunQueue q = new RunQueue(true);
        G[] g = gs(CAP + 1);
        for (int i = 0; i <= CAP; i++) {
            q.put(g[i], false, global);
        }
        List<Long> moved = globalAll();
        List<Long> fifo = range(0, CAP / 2);
        fifo.add((long) CAP);
        assertNotEquals(fifo, moved, "shuffled");
        List<Long> sorted = new ArrayList<>(moved);
        sorted.sort(null);
        assertEquals(fifo, sorted, "the same Gs");
        assertEquals(range(CAP / 2, CAP), getAll(q), "the ring keeps its order");
    }

    @Test
    void randomizedPutBatchIsShuffled() {
        RunQueue q = new RunQueue(true);
        int n = 100;
        G[] g = gs(n);
        for (int i = 0; i < n - 1; i++) {
            g[i].schedlink = g[i + 1];
        }
        q.putBatch(g[0], g[n - 1], n, global);
        List<Long> got = getAll(q);
        assertNotEquals(range(0, n), got, "shuffled");
        got.sort(null);
        assertEquals(range(0, n), got, "the same Gs");
    }
}
