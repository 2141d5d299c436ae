package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-threaded semantics of the global run queue (Go's sched.runq). */
class GlobalQueueTest {
    private final Object lock = new Object();
    private final GlobalQueue global = new GlobalQueue(lock);

    private static G[] gs(int n) {
        G[] gs = new G[n];
        for (int i = 0; i < n; i++) {
            gs[i] = new G(i);
        }
        return gs;
    }

    /** Takes everything, in order; lock held by the caller. */
    private List<Long> takeAll() {
        List<Long> ids = new ArrayList<>();
        for (G gp; (gp = global.get()) != null; ) {
            ids.add(gp.id);
        }
        return ids;
    }

    private static List<Long> range(int from, int to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void putIsFifoAndGetClearsTheLink() {
        G[] g = gs(5);
        synchronized (lock) {
            assertNull(global.get(), "empty queue");
            for (G gp : g) {
                global.put(gp);
            }
            assertEquals(5, global.size());
            assertEquals(5, global.sizeHint());
            G first = global.get();
            assertSame(g[0], first);
            // A taken G must not keep the rest of the list reachable.
            assertNull(first.schedlink, "schedlink of a taken G");
            assertEquals(range(1, 5), takeAll());
            assertEquals(0, global.size());
            assertNull(global.get(), "drained queue");
        }
    }

    @Test
    void putHeadRunsFirst() {
        G[] g = gs(4);
        synchronized (lock) {
            // On an empty queue putHead also sets the tail: a later put lands after it.
            global.putHead(g[1]);
            global.put(g[2]);
            global.putHead(g[0]);
            global.put(g[3]);
            assertEquals(4, global.size());
            assertEquals(range(0, 4), takeAll());
        }
    }

    @Test
    void putBatchAppendsInOrderAndCutsTheTail() {
        G[] g = gs(6);
        // A batch 2..4 whose tail still links to a stale G: putBatch must cut it.
        g[2].schedlink = g[3];
        g[3].schedlink = g[4];
        g[4].schedlink = g[5];
        synchronized (lock) {
            global.put(g[0]);
            global.put(g[1]);
            global.putBatch(g[2], g[4], 3);
            assertEquals(5, global.size());
            assertEquals(range(0, 5), takeAll());
            // And into an empty queue.
            g[0].schedlink = g[1];
            global.putBatch(g[0], g[1], 2);
            assertEquals(range(0, 2), takeAll());
        }
    }

    /** The fair share of go1.22 globrunqget, over sizes, GOMAXPROCS and max. */
    @Test
    void grabTakesTheFairShare() {
        for (int size = 0; size <= 300; size += (size < 10 ? 1 : 37)) {
            for (int procs = 1; procs <= 4; procs++) {
                for (int max : new int[] {0, 1, 5, 200}) {
                    GlobalQueue q = new GlobalQueue(lock);
                    RunQueue into = new RunQueue(false);
                    G[] g = gs(size);
                    int want = Math.min(size, size / procs + 1);
                    if (max > 0) {
                        want = Math.min(want, max);
                    }
                    want = Math.min(want, RunQueue.CAPACITY / 2);
                    String where = String.format("size=%d gomaxprocs=%d max=%d", size, procs, max);
                    synchronized (lock) {
                        for (G gp : g) {
                            q.put(gp);
                        }
                        G gp = q.grab(into, max, procs);
                        if (want == 0) {
                            assertNull(gp, where);
                            continue;
                        }
                        assertSame(g[0], gp, where + ": returns the head");
                        assertEquals(size - want, q.size(), where + ": left in the global queue");
                        assertEquals(want - 1, into.size(), where + ": moved to the local queue");
                        for (int i = 1; i < want; i++) {
                            assertSame(g[i], into.get(), where + ": local order at " + i);
                        }
                        assertNull(into.get(), where);
                    }
                }
            }
        }
    }

    /**
     * grab into a nearly full local queue overflows it; the overflow re-enters the (re-entrant)
     * lock and goes back to this queue: nothing is lost or duplicated.
     */
    @Test
    void grabIntoAFullLocalQueueLosesNothing() {
        G[] g = gs(400);
        RunQueue into = new RunQueue(false);
        for (int i = 0; i < 200; i++) {
            into.put(g[i], false, global);
        }
        synchronized (lock) {
            for (int i = 200; i < 400; i++) {
                global.put(g[i]);
            }
            G gp = global.grab(into, 0, 1); // share: min(200, 201, 128) = 128
            assertSame(g[200], gp);
            int[] seen = new int[400];
            seen[(int) gp.id]++;
            for (G x; (x = into.get()) != null; ) {
                seen[(int) x.id]++;
            }
            for (G x; (x = global.get()) != null; ) {
                seen[(int) x.id]++;
            }
            for (int i = 0; i < 400; i++) {
                assertEquals(1, seen[i], "G" + i + " seen");
            }
        }
    }

    @Test
    void everyMethodChecksTheLock() {
        assertTrue(GlobalQueue.class.desiredAssertionStatus(), "tests run with -ea");
        G gp = new G(1);
        assertThrows(AssertionError.class, () -> global.put(gp), "put");
        assertThrows(AssertionError.class, () -> global.putHead(gp), "putHead");
        assertThrows(AssertionError.class, () -> global.putBatch(gp, gp, 1), "putBatch");
        assertThrows(AssertionError.class, () -> global.get(), "get");
        assertThrows(AssertionError.class, () -> global.grab(new RunQueue(false), 0, 1), "grab");
        assertThrows(AssertionError.class, () -> global.size(), "size");
        assertEquals(0, global.sizeHint(), "sizeHint needs no lock");
    }
}
