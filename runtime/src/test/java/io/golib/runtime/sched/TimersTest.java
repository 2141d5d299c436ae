package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Single-threaded behaviour of {@link Timers}: order, FIFO, remove/modify, tickers, callbacks. */
class TimersTest {

    /** A timer that appends itself to a shared log when it fires, then runs an optional action. */
    static final class Rec extends TimerNode {
        final int id;
        final List<Rec> log;
        Consumer<Rec> action;
        int fires;
        /** {@code when} seen inside fire: for a ticker, already the next period. */
        long whenAtFire;
        long nowAtFire;

        Rec(int id, List<Rec> log) {
            this.id = id;
            this.log = log;
        }

        @Override
        void fire(long now) {
            fires++;
            whenAtFire = when;
            nowAtFire = now;
            log.add(this);
            if (action != null) {
                action.accept(this);
            }
        }

        @Override
        public String toString() {
            return "t" + id + "@" + when;
        }
    }

    private static List<Rec> make(int n, List<Rec> log) {
        List<Rec> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(new Rec(i, log));
        }
        return ts;
    }

    /** The earliest deadline among the pending timers of ts, by brute force. */
    private static long minWhen(List<Rec> ts) {
        long min = Long.MAX_VALUE;
        for (Rec t : ts) {
            if (t.isPending()) {
                min = Math.min(min, t.when);
            }
        }
        return min;
    }

    // ---------------------------------------------------------------------------------------
    // Order

    @Test
    void randomDeadlinesFireInDeadlineOrderExactlyOnce() {
        Random rnd = new Random(42);
        List<Rec> log = new ArrayList<>();
        List<Rec> ts = make(10_000, log);
        Timers heap = new Timers();
        for (Rec t : ts) {
            heap.add(t, 1 + rnd.nextInt(1_000_000));
            if (t.id % 500 == 0) {
                heap.checkInvariants();
            }
        }
        heap.checkInvariants();
        assertEquals(10_000, heap.size());

        // Advance the clock in steps: each run fires exactly the timers due by then.
        int fired = 0;
        for (long now = 0; now <= 1_000_000; now += 37_000) {
            fired += heap.run(now);
            heap.checkInvariants();
            for (Rec t : ts) {
                assertEquals(t.when <= now, t.fires == 1, "now=" + now + " " + t);
            }
            assertEquals(minWhen(ts), heap.nextWhen(), "now=" + now);
        }
        fired += heap.run(Long.MAX_VALUE);
        assertEquals(10_000, fired);
        assertEquals(10_000, log.size());
        for (int i = 1; i < log.size(); i++) {
            assertTrue(log.get(i - 1).when <= log.get(i).when,
                    "fire " + i + ": " + log.get(i - 1) + " then " + log.get(i));
        }
        for (Rec t : ts) {
            assertEquals(1, t.fires, t.toString());
            assertFalse(t.isPending(), t.toString());
            assertEquals(-1, t.index, t.toString());
        }
        assertTrue(heap.isEmpty());
        assertEquals(Long.MAX_VALUE, heap.nextWhen());
        heap.checkInvariants();
    }

    @Test
    void equalDeadlinesFireInArmingOrder() {
        // For every heap size 0..40 (covers every shape of the last 4-ary level).
        for (int n = 0; n <= 40; n++) {
            List<Rec> log = new ArrayList<>();
            List<Rec> ts = make(n, log);
            Collections.shuffle(ts, new Random(n));
            Timers heap = new Timers();
            for (Rec t : ts) {
                heap.add(t, 100);
            }
            heap.checkInvariants();
            assertEquals(n, heap.run(100), "n=" + n);
            assertEquals(ts, log, "n=" + n);
        }
    }

    @Test
    void reArmedTimerGoesAfterEqualDeadlines() {
        List<Rec> log = new ArrayList<>();
        List<Rec> ts = make(10, log);
        Timers heap = new Timers();
        for (Rec t : ts) {
            heap.add(t, 100);
        }
        // Re-arming the first timer at the same deadline puts it last, as if newly armed.
        assertTrue(heap.modify(ts.get(0), 100, 0));
        heap.checkInvariants();
        heap.run(100);
        List<Rec> want = new ArrayList<>(ts.subList(1, 10));
        want.add(ts.get(0));
        assertEquals(want, log);
    }

    // ---------------------------------------------------------------------------------------
    // Remove and modify

    @Test
    void removeRootMiddleAndLeafKeepsTheHeap() {
        Random rnd = new Random(7);
        List<Rec> log = new ArrayList<>();
        List<Rec> ts = make(200, log);
        Timers heap = new Timers();
        for (Rec t : ts) {
            heap.add(t, rnd.nextInt(1000));
        }
        // Remove in turn the root, a middle node and the last leaf, checking after each.
        List<Rec> removed = new ArrayList<>();
        for (int k = 0; heap.size() > 20; k++) {
            int size = heap.size();
            int slot = k % 3 == 0 ? 0 : k % 3 == 1 ? size / 2 : size - 1;
            Rec t = (Rec) heap.nodeAt(slot);
            assertTrue(heap.remove(t), "remove slot " + slot + " of " + size);
            heap.checkInvariants();
            assertEquals(size - 1, heap.size());
            assertFalse(t.isPending());
            assertEquals(-1, t.index);
            assertFalse(heap.remove(t), "second remove of slot " + slot);
            assertEquals(minWhen(ts), heap.nextWhen(), "after removing slot " + slot);
            removed.add(t);
        }
        heap.run(Long.MAX_VALUE);
        assertEquals(20, log.size());
        for (Rec t : removed) {
            assertEquals(0, t.fires, "removed " + t + " fired");
        }
        for (int i = 1; i < log.size(); i++) {
            assertTrue(log.get(i - 1).when <= log.get(i).when, "fire " + i);
        }
    }

    @Test
    void removeIdleTimerReportsNotPending() {
        Timers heap = new Timers();
        Rec t = new Rec(0, new ArrayList<>());
        assertFalse(heap.remove(t));
        heap.add(t, 5);
        assertEquals(1, heap.run(5));
        // Already fired: deltimer's false.
        assertFalse(heap.remove(t));
        heap.checkInvariants();
    }

    @Test
    void modifyRootMiddleAndLeafKeepsTheHeap() {
        Random rnd = new Random(11);
        List<Rec> log = new ArrayList<>();
        List<Rec> ts = make(150, log);
        Timers heap = new Timers();
        for (Rec t : ts) {
            heap.add(t, 1000 + rnd.nextInt(1000));
        }
        // Move the root, a middle node and the last leaf earlier or later, checking after each.
        for (int k = 0; k < 300; k++) {
            int size = heap.size();
            int slot = k % 3 == 0 ? 0 : k % 3 == 1 ? size / 2 : size - 1;
            Rec t = (Rec) heap.nodeAt(slot);
            long when = rnd.nextInt(3000);
            assertTrue(heap.modify(t, when, 0), "modify slot " + slot);
            heap.checkInvariants();
            assertEquals(when, t.when);
            assertEquals(150, heap.size());
            assertEquals(minWhen(ts), heap.nextWhen(), "after modifying slot " + slot);
        }
        assertEquals(150, heap.run(Long.MAX_VALUE));
        for (int i = 1; i < log.size(); i++) {
            assertTrue(log.get(i - 1).when <= log.get(i).when, "fire " + i);
        }
        for (Rec t : ts) {
            assertEquals(1, t.fires, t.toString());
        }
    }

    @Test
    void modifyIdleTimerArmsItInTheReceiver() {
        Timers a = new Timers();
        Timers b = new Timers();
        Rec t = new Rec(0, new ArrayList<>());
        assertFalse(b.modify(t, 30, 0));
        assertSame(b, t.heap);
        assertEquals(30, b.nextWhen());
        // Pending: a re-arm through another heap leaves it where it is (as Go does).
        assertTrue(a.modify(t, 20, 0));
        assertSame(b, t.heap);
        assertTrue(a.isEmpty());
        assertEquals(20, b.nextWhen());
        a.checkInvariants();
        b.checkInvariants();
        assertEquals(1, b.run(20));
        assertEquals(1, t.fires);
    }

    // ---------------------------------------------------------------------------------------
    // Tickers

    @Test
    void periodicTimerReArmsBeforeFiringAndSkipsMissedPeriods() {
        List<Rec> log = new ArrayList<>();
        Rec t = new Rec(0, log);
        Timers heap = new Timers();
        heap.modify(t, 100, 10);

        assertEquals(0, heap.run(99));
        assertEquals(1, heap.run(100));
        assertEquals(110, t.whenAtFire, "re-armed before fire");
        assertTrue(t.isPending());
        assertEquals(110, heap.nextWhen());

        // Late by 25ns: ticks at 110, 120, 130 collapse into one, next tick at 140 (Go's ticker).
        assertEquals(1, heap.run(135));
        assertEquals(140, t.when);
        assertEquals(135, t.nowAtFire);
        assertEquals(1, heap.run(140));
        assertEquals(150, t.when);
        assertEquals(3, t.fires);
        heap.checkInvariants();

        // A ticker re-armed as one-shot fires once more and leaves.
        assertTrue(heap.modify(t, 200, 0));
        assertEquals(1, heap.run(1000));
        assertFalse(t.isPending());

        // A stopped ticker does not fire.
        heap.modify(t, 300, 5);
        assertTrue(heap.remove(t));
        assertEquals(0, heap.run(1000));
        assertEquals(4, t.fires);
        heap.checkInvariants();
    }

    @Test
    void nextPeriodicMath() {
        // when + period * (1 + (now - when) / period): the first tick strictly after now.
        assertEquals(110, Timers.nextPeriodic(100, 10, 100));
        assertEquals(110, Timers.nextPeriodic(100, 10, 109));
        assertEquals(120, Timers.nextPeriodic(100, 10, 110));
        assertEquals(140, Timers.nextPeriodic(110, 10, 135));
        assertEquals(1_000_001, Timers.nextPeriodic(1, 1, 1_000_000));
        // Overflow saturates at "never" (Go's maxWhen).
        assertEquals(Long.MAX_VALUE, Timers.nextPeriodic(Long.MAX_VALUE - 5, 10, Long.MAX_VALUE - 5));
        assertEquals(Long.MAX_VALUE, Timers.nextPeriodic(1, Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE, Timers.nextPeriodic(0, 3, Long.MAX_VALUE - 1));
    }

    @Test
    void tickerOfManyPeriodsKeepsOrderWithOneShots() {
        List<Rec> log = new ArrayList<>();
        Timers heap = new Timers();
        Rec tick = new Rec(9, log);
        heap.modify(tick, 10, 10);
        List<Rec> shots = make(5, log);
        for (int i = 0; i < 5; i++) {
            heap.add(shots.get(i), 15 + 10 * i); // 15, 25, 35, 45, 55
        }
        // One time step at a time, so the ticker is never late: ticks interleave with the shots.
        for (long now = 0; now <= 60; now++) {
            heap.run(now);
            heap.checkInvariants();
        }
        StringBuilder order = new StringBuilder();
        for (Rec t : log) {
            order.append(t.id);
        }
        assertEquals("90919293949", order.toString());
    }

    // ---------------------------------------------------------------------------------------
    // nextWhen, size

    @Test
    void nextWhenTracksTheEarliestDeadline() {
        Timers heap = new Timers();
        List<Rec> log = new ArrayList<>();
        Rec a = new Rec(0, log);
        Rec b = new Rec(1, log);
        assertEquals(Long.MAX_VALUE, heap.nextWhen());
        assertTrue(heap.isEmpty());
        heap.add(a, 50);
        assertEquals(50, heap.nextWhen());
        heap.add(b, 30);
        assertEquals(30, heap.nextWhen());
        assertEquals(2, heap.size());
        heap.remove(b);
        assertEquals(50, heap.nextWhen());
        heap.modify(a, 10, 0);
        assertEquals(10, heap.nextWhen());
        heap.modify(b, 5, 0);
        assertEquals(5, heap.nextWhen());
        heap.modify(b, 70, 0);
        assertEquals(10, heap.nextWhen());
        // Not due: the lock-free fast path fires nothing.
        assertEquals(0, heap.run(9));
        assertEquals(1, heap.run(10));
        assertEquals(70, heap.nextWhen());
        assertEquals(1, heap.size());
        assertEquals(1, heap.run(70));
        assertEquals(Long.MAX_VALUE, heap.nextWhen());
        assertTrue(heap.isEmpty());
        heap.checkInvariants();
    }

    // ---------------------------------------------------------------------------------------
    // Callbacks

    @Test
    void callbacksMayArmStopAndRunTimersDuringRun() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Timers heap = new Timers();
            List<Rec> log = new ArrayList<>();
            Rec a = new Rec('A', log);
            Rec b = new Rec('B', log);
            Rec c = new Rec('C', log);
            Rec d = new Rec('D', log);
            Rec e = new Rec('E', log);
            Rec f = new Rec('F', log);
            Rec g = new Rec('G', log);
            heap.add(a, 10);
            heap.add(b, 15);
            heap.add(e, 30);
            heap.add(f, 40);
            a.action = self -> {
                heap.add(c, 5); // already due: fires in this run
                heap.add(d, 100); // not due: stays
                assertTrue(heap.remove(b)); // pending: never fires
                assertTrue(heap.modify(e, 12, 0)); // moved earlier into this run
                assertFalse(heap.modify(self, 50, 0)); // re-arms itself
                heap.checkInvariants();
            };
            e.action = self -> {
                heap.add(g, 18);
                // A nested run on the same heap: the lock is not held here.
                assertEquals(1, heap.run(20));
            };
            assertEquals(3, heap.run(20)); // A, C, E; G fired by E's nested run
            StringBuilder order = new StringBuilder();
            for (Rec t : log) {
                order.append((char) t.id);
            }
            assertEquals("ACEG", order.toString());
            assertEquals(0, b.fires);
            assertTrue(a.isPending());
            assertTrue(d.isPending());
            assertTrue(f.isPending());
            assertEquals(3, heap.size());
            assertEquals(40, heap.nextWhen());
            heap.checkInvariants();
        });
    }

    @Test
    void otherThreadsMayUseTheHeapWhileACallbackRuns() {
        // Go unlocks ts.mu around f: a callback that waits for another thread's stop or reset
        // on the same heap must not deadlock. (Same-thread use would pass even under the lock,
        // the lock being reentrant.)
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Timers heap = new Timers();
            List<Rec> log = new ArrayList<>();
            Rec waiter = new Rec(0, log);
            Rec victim = new Rec(1, log);
            Rec rearmed = new Rec(2, log);
            heap.add(waiter, 1);
            heap.add(victim, 5);
            heap.add(rearmed, 6);
            waiter.action = self -> {
                try {
                    assertTrue(CompletableFuture.supplyAsync(() -> heap.remove(victim))
                            .get(10, TimeUnit.SECONDS));
                    assertTrue(CompletableFuture.supplyAsync(() -> heap.modify(rearmed, 2, 0))
                            .get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError("the heap stayed locked during fire", e);
                }
            };
            assertEquals(2, heap.run(10));
            assertEquals(List.of(waiter, rearmed), log);
            assertTrue(heap.isEmpty());
        });
    }

    @Test
    void callbackSeesTheHeapAsLeftByTheDequeue() {
        // While fire runs, the lock-free readers (an idle M deciding how long to sleep) already
        // see the fired timer gone, or re-armed for a ticker.
        Timers heap = new Timers();
        List<Rec> log = new ArrayList<>();
        Rec once = new Rec(0, log);
        Rec tick = new Rec(1, log);
        Rec later = new Rec(2, log);
        long[] seen = new long[4];
        once.action = self -> {
            seen[0] = heap.size();
            seen[1] = heap.nextWhen();
        };
        tick.action = self -> {
            seen[2] = heap.size();
            seen[3] = heap.nextWhen();
        };
        heap.add(once, 1);
        heap.modify(tick, 2, 100);
        heap.add(later, 50);
        assertEquals(1, heap.run(1));
        assertEquals(2, seen[0], "size during a one-shot's fire");
        assertEquals(2, seen[1], "nextWhen during a one-shot's fire");
        assertEquals(1, heap.run(2));
        assertEquals(2, seen[2], "size during a ticker's fire");
        assertEquals(50, seen[3], "nextWhen during a ticker's fire (re-armed at 102)");
    }

    @Test
    void throwingCallbackLeavesTheHeapUnlockedAndConsistent() throws Exception {
        Timers heap = new Timers();
        List<Rec> log = new ArrayList<>();
        List<Rec> ts = make(3, log);
        for (int i = 0; i < 3; i++) {
            heap.add(ts.get(i), i + 1);
        }
        ts.get(1).action = self -> {
            throw new IllegalStateException("boom");
        };
        IllegalStateException thrown =
                assertThrows(IllegalStateException.class, () -> heap.run(10));
        assertEquals("boom", thrown.getMessage());
        // Another thread can take the lock: run released it on the way out.
        CompletableFuture.runAsync(heap::checkInvariants).get(10, TimeUnit.SECONDS);
        assertEquals(1, heap.size());
        assertEquals(3, heap.nextWhen());
        assertEquals(1, heap.run(10));
        assertEquals(List.of(ts.get(0), ts.get(1), ts.get(2)), log);
    }

    // ---------------------------------------------------------------------------------------
    // moveAllTo

    @Test
    void moveAllToKeepsDeadlinesPeriodsAndOrder() {
        Random rnd = new Random(3);
        List<Rec> log = new ArrayList<>();
        List<Rec> ts = make(80, log);
        Timers src = new Timers();
        Timers dst = new Timers();
        for (Rec t : ts) {
            Timers into = t.id < 50 ? src : dst;
            into.modify(t, 1 + rnd.nextInt(500), t.id % 10 == 0 ? 1000 : 0);
        }
        long[] whens = new long[100];
        for (Rec t : ts) {
            whens[t.id] = t.when;
        }
        long earliest = minWhen(ts);

        src.moveAllTo(dst);
        src.checkInvariants();
        dst.checkInvariants();
        assertTrue(src.isEmpty());
        assertEquals(Long.MAX_VALUE, src.nextWhen());
        assertEquals(0, src.run(Long.MAX_VALUE));
        assertEquals(80, dst.size());
        assertEquals(earliest, dst.nextWhen());
        for (Rec t : ts) {
            assertSame(dst, t.heap, t.toString());
            assertEquals(whens[t.id], t.when, t.toString());
            assertEquals(t.id % 10 == 0 ? 1000 : 0, t.period, t.toString());
        }
        // Moved timers are still found by remove, whatever heap it is called on.
        assertTrue(src.remove(ts.get(1)));
        dst.checkInvariants();
        assertEquals(79, dst.run(500));
        for (int i = 1; i < log.size(); i++) {
            assertTrue(whens[log.get(i - 1).id] <= whens[log.get(i).id], "fire " + i);
        }
        // The moved-from heap stays usable.
        Rec late = new Rec(99, log);
        src.add(late, 7);
        assertEquals(1, src.run(7));
        src.checkInvariants();
    }

    // ---------------------------------------------------------------------------------------
    // Faults and user errors

    @Test
    void addingAPendingTimerIsAFault() {
        Timers a = new Timers();
        Timers b = new Timers();
        Rec t = new Rec(0, new ArrayList<>());
        a.add(t, 1);
        Timers.TimerFault same = assertThrows(Timers.TimerFault.class, () -> a.add(t, 2));
        assertEquals("add: timer already in a heap", same.getMessage());
        Timers.TimerFault other = assertThrows(Timers.TimerFault.class, () -> b.add(t, 2));
        assertEquals("add: timer already in a heap", other.getMessage());
        // The failed adds changed nothing and released their locks.
        assertEquals(1, t.when);
        a.checkInvariants();
        b.checkInvariants();
        assertTrue(b.isEmpty());
    }

    @Test
    void negativePeriodIsRejected() {
        Timers heap = new Timers();
        Rec t = new Rec(0, new ArrayList<>());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> heap.modify(t, 1, -1));
        assertEquals("timer period must be non-negative, got -1", e.getMessage());
        assertFalse(t.isPending());
        heap.checkInvariants();
    }

    @Test
    void moveAllToItselfIsAFault() {
        Timers heap = new Timers();
        heap.add(new Rec(0, new ArrayList<>()), 1);
        Timers.TimerFault e = assertThrows(Timers.TimerFault.class, () -> heap.moveAllTo(heap));
        assertEquals("moveAllTo: same heap", e.getMessage());
        assertEquals(1, heap.size());
    }

    @Test
    void checkInvariantsCatchesCorruption() {
        Timers heap = new Timers();
        List<Rec> ts = make(10, new ArrayList<>());
        for (Rec t : ts) {
            heap.add(t, 10 * t.id);
        }
        Rec leaf = (Rec) heap.nodeAt(9);
        leaf.index = 3;
        assertEquals("checkInvariants: heap index mismatch",
                assertThrows(Timers.TimerFault.class, heap::checkInvariants).getMessage());
        // The same corruption is caught by remove before it damages the heap further.
        assertEquals("unlink: heap index mismatch",
                assertThrows(Timers.TimerFault.class, () -> heap.remove(leaf)).getMessage());
        leaf.index = 9;
        long when = leaf.when;
        leaf.when = -1; // before its parent
        assertEquals("checkInvariants: heap order violated",
                assertThrows(Timers.TimerFault.class, heap::checkInvariants).getMessage());
        leaf.when = when;
        heap.checkInvariants();
        assertNull(heap.nodeAt(10));
    }
}
