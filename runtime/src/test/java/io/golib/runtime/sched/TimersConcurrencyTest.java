package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link Timers} under concurrent arming, stopping, running and moving: nothing lost, nothing
 * fired twice, no deadlock. Sized for the default tier: a few seconds in all on a 2-core machine.
 */
class TimersConcurrencyTest {

    /** A one-shot timer that counts its firings in a shared array. */
    static final class Counted extends TimerNode {
        final int id;
        final AtomicIntegerArray fires;

        Counted(int id, AtomicIntegerArray fires) {
            this.id = id;
            this.fires = fires;
        }

        @Override
        void fire(long now) {
            fires.incrementAndGet(id);
        }
    }

    /** Runs body on a new thread, recording any failure. */
    private static Thread start(String name, ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.setDaemon(true); // a deadlocked thread must not keep the test JVM alive
        t.start();
        return t;
    }

    private static void assertNoFailures(ConcurrentLinkedQueue<Throwable> failures) {
        Throwable first = failures.peek();
        if (first != null) {
            throw new AssertionError(failures.size() + " thread(s) failed", first);
        }
    }

    @Test
    void twoArmersAndARunnerLoseNothingAndFireNothingTwice() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            final int perArmer = 100;
            final int ops = 30_000;
            Timers heap = new Timers();
            AtomicIntegerArray fires = new AtomicIntegerArray(2 * perArmer);
            AtomicIntegerArray arms = new AtomicIntegerArray(2 * perArmer);
            AtomicIntegerArray cancels = new AtomicIntegerArray(2 * perArmer);
            List<Counted> nodes = new ArrayList<>();
            for (int i = 0; i < 2 * perArmer; i++) {
                nodes.add(new Counted(i, fires));
            }
            AtomicLong clock = new AtomicLong();
            AtomicBoolean armersDone = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

            // Each armer arms only its own timers (so add on an idle one cannot race another
            // add), but stops the other armer's timers too: stops come from any thread.
            List<Thread> armers = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                final int base = a * perArmer;
                armers.add(start("armer-" + a, failures, () -> {
                    Random rnd = new Random(base);
                    for (int k = 0; k < ops; k++) {
                        int r = rnd.nextInt(10);
                        if (r < 6) {
                            Counted t = nodes.get(base + rnd.nextInt(perArmer));
                            long when = clock.get() + rnd.nextInt(64);
                            arms.incrementAndGet(t.id);
                            if (!t.isPending()) {
                                // Only this thread arms t; if it is idle it stays idle until we add.
                                heap.add(t, when);
                            } else if (heap.modify(t, when, 0)) {
                                cancels.incrementAndGet(t.id); // the previous arming never fires
                            }
                        } else {
                            Counted t = nodes.get(rnd.nextInt(2 * perArmer));
                            if (heap.remove(t)) {
                                cancels.incrementAndGet(t.id);
                            }
                        }
                    }
                }));
            }
            Thread runner = start("runner", failures, () -> {
                while (!armersDone.get()) {
                    heap.run(clock.incrementAndGet());
                }
            });
            for (Thread t : armers) {
                t.join();
            }
            armersDone.set(true);
            runner.join();
            assertNoFailures(failures);

            long firedDuringRace = 0;
            for (int i = 0; i < 2 * perArmer; i++) {
                firedDuringRace += fires.get(i);
            }
            // The runner really raced with the armers (not everything fired in the final drain).
            assertTrue(firedDuringRace > 0, "nothing fired while arming");
            heap.checkInvariants();
            heap.run(Long.MAX_VALUE);
            heap.checkInvariants();
            assertTrue(heap.isEmpty());
            // Every arming ends exactly once: fired, removed, or replaced by a modify.
            for (int i = 0; i < 2 * perArmer; i++) {
                assertEquals(arms.get(i) - cancels.get(i), fires.get(i),
                        "timer " + i + ": arms=" + arms.get(i) + " cancels=" + cancels.get(i));
            }
        });
    }

    /**
     * A two-party barrier that spins instead of parking: both parties leave within a few
     * nanoseconds of each other, which a race needing two threads inside a short window requires
     * (a {@link CyclicBarrier} wakes its waiters microseconds apart).
     */
    static final class SpinBarrier {
        private final AtomicLong arrived = new AtomicLong();

        /** Waits for the other party to reach its round-th call. */
        void await(long round) {
            arrived.incrementAndGet();
            for (int spins = 0; arrived.get() < 2 * round; spins++) {
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the other party may be waiting for this core
                }
            }
        }
    }

    @Test
    void concurrentArmingOfAnIdleTimerIntoTwoHeapsClaimsItOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Timers a = new Timers();
            Timers b = new Timers();
            Counted t = new Counted(0, new AtomicIntegerArray(1));
            SpinBarrier barrier = new SpinBarrier();
            final int rounds = 5_000;
            boolean[] pendingA = new boolean[rounds];
            boolean[] pendingB = new boolean[rounds];
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            // Both threads re-arm the same idle timer at once, each into its own heap.
            Thread other = start("arm-b", failures, () -> {
                for (int r = 0; r < rounds; r++) {
                    barrier.await(3L * r + 1);
                    pendingB[r] = b.modify(t, 100 + r, 0);
                    barrier.await(3L * r + 2);
                    barrier.await(3L * r + 3); // main checks and resets
                }
            });
            for (int r = 0; r < rounds; r++) {
                barrier.await(3L * r + 1);
                pendingA[r] = a.modify(t, 100 + r, 0);
                barrier.await(3L * r + 2);
                // Exactly one found it idle and claimed it; the other re-armed it in place.
                assertNotEquals(pendingA[r], pendingB[r], "round " + r);
                assertEquals(1, a.size() + b.size(), "round " + r);
                assertTrue(t.heap == a || t.heap == b, "round " + r);
                assertTrue(a.remove(t), "round " + r);
                barrier.await(3L * r + 3);
            }
            other.join();
            assertNoFailures(failures);
            assertNull(t.heap);
            a.checkInvariants();
            b.checkInvariants();
        });
    }

    @Test
    void removeRacingWithMoveAllToFindsEveryTimer() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            final int n = 4_000;
            int overlapped = 0;
            for (int round = 0; round < 5; round++) {
                Timers src = new Timers();
                Timers dst = new Timers();
                List<Counted> nodes = new ArrayList<>();
                Random rnd = new Random(round);
                AtomicIntegerArray fires = new AtomicIntegerArray(n);
                for (int i = 0; i < n; i++) {
                    Counted t = new Counted(i, fires);
                    nodes.add(t);
                    src.add(t, rnd.nextInt(10_000));
                }
                List<Counted> victims = new ArrayList<>(nodes.subList(0, n / 2));
                Collections.shuffle(victims, rnd);
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                AtomicInteger removed = new AtomicInteger();
                AtomicBoolean moving = new AtomicBoolean();
                // Half the timers are stopped while the heap holding them moves: each stop must
                // find its timer, before or after the move. The handshake puts the first
                // sixteenth of the stops before the move and starts the rest as it begins.
                Thread remover = start("remover", failures, () -> {
                    for (Counted t : victims) {
                        if (removed.get() == n / 16) {
                            while (!moving.get()) {
                                Thread.onSpinWait();
                            }
                        }
                        assertTrue(src.remove(t), "timer " + t.id);
                        removed.incrementAndGet();
                    }
                });
                while (removed.get() < n / 16 && remover.isAlive()) {
                    Thread.onSpinWait();
                }
                moving.set(true);
                src.moveAllTo(dst);
                int removedBeforeMove = removed.get();
                remover.join();
                if (removedBeforeMove < n / 2) {
                    overlapped++;
                }
                assertNoFailures(failures);
                src.checkInvariants();
                dst.checkInvariants();
                assertTrue(src.isEmpty(), "round " + round);
                assertEquals(n / 2, dst.size(), "round " + round);
                for (Counted t : nodes) {
                    assertEquals(t.id < n / 2 ? null : dst, t.heap, "round " + round + " timer " + t.id);
                }
            }
            // At least one move happened while stops were still coming.
            assertTrue(overlapped > 0, "no round had stops after the move");
        });
    }

    @Test
    void movesInBothDirectionsAtOnceDoNotDeadlock() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Timers a = new Timers();
            Timers b = new Timers();
            final int n = 64;
            AtomicIntegerArray fires = new AtomicIntegerArray(n);
            for (int i = 0; i < n; i++) {
                (i % 2 == 0 ? a : b).add(new Counted(i, fires), i);
            }
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            // a → b and b → a lock the same two heaps in opposite roles: the id lock order
            // keeps them from deadlocking.
            SpinBarrier barrier = new SpinBarrier();
            final int rounds = 20_000;
            Thread ab = start("a-to-b", failures, () -> {
                for (int k = 1; k <= rounds; k++) {
                    barrier.await(k);
                    a.moveAllTo(b);
                }
            });
            Thread ba = start("b-to-a", failures, () -> {
                for (int k = 1; k <= rounds; k++) {
                    barrier.await(k);
                    b.moveAllTo(a);
                }
            });
            ab.join();
            ba.join();
            assertNoFailures(failures);
            a.checkInvariants();
            b.checkInvariants();
            assertEquals(n, a.size() + b.size());
            assertEquals(0, Math.min(a.nextWhen(), b.nextWhen()));
        });
    }
}
