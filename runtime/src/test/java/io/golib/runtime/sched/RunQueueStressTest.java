package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The run queues under concurrency: an owner P putting and getting while two thieves steal.
 * Sizes scale with {@code -Dgolib.stress.scale} (a multiplier, default 1: 600,000 Gs, ~2 s on 2 cores).
 */
class RunQueueStressTest {
    private static final double SCALE = Double.parseDouble(System.getProperty("golib.stress.scale", "1"));
    private static final int PROCS = 3;

    private final Object lock = new Object();
    private final GlobalQueue global = new GlobalQueue(lock);
    private final RunQueue[] queues = {new RunQueue(), new RunQueue(), new RunQueue()};

    private AtomicIntegerArray runs;
    private final AtomicInteger done = new AtomicInteger();
    /** Gs that Ps stole from each other (approximately), and grabs from the global queue. */
    private final AtomicInteger stolen = new AtomicInteger();
    private final AtomicInteger fromGlobal = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;

    /**
     * Every G is run exactly once: nothing lost, nothing duplicated, while P0 puts (tail and
     * runnext, single and batch, with overflow to the global queue and a drain now and then), gets
     * and takes from the global queue, and P1, P2 run what they steal from P0 and each other
     * (runnext included) or take from the global queue.
     */
    @Test
    void everyGRunsExactlyOnceWhileThievesSteal() throws Exception {
        int total = (int) Math.max(10_000, 600_000 * SCALE);
        runs = new AtomicIntegerArray(total);
        G[] gs = new G[total];
        for (int i = 0; i < total; i++) {
            gs[i] = new G(i);
        }
        String stuck = runAll(Math.max(60, 60 * SCALE),
                thread("P0", () -> ownerLoop(gs)),
                thread("P1", () -> thiefLoop(1, total)),
                thread("P2", () -> thiefLoop(2, total)));
        if (failure.get() != null) {
            throw new AssertionError("a P failed", failure.get());
        }
        String state = String.format("total=%d done=%d stolen=%d fromGlobal=%d runq sizes=[%d %d %d] global=%d",
                total, done.get(), stolen.get(), fromGlobal.get(),
                queues[0].size(), queues[1].size(), queues[2].size(), global.sizeHint());
        System.out.println("everyGRunsExactlyOnceWhileThievesSteal: " + state);
        assertEquals("", stuck, "timed out: " + state);
        assertEquals(total, done.get(), state);
        for (int i = 0; i < total; i++) {
            if (runs.get(i) != 1) {
                fail("G" + i + " ran " + runs.get(i) + " times; " + state);
            }
        }
        for (int p = 0; p < PROCS; p++) {
            assertTrue(queues[p].isEmpty(), "P" + p + " runq empty at the end; " + state);
        }
        synchronized (lock) {
            assertEquals(0, global.size(), state);
        }
        // The paths under test were taken.
        assertTrue(stolen.get() > 0, "no steals: " + state);
        assertTrue(fromGlobal.get() > 0, "nothing from the global queue: " + state);
    }

    private void ownerLoop(G[] gs) {
        SplittableRandom random = new SplittableRandom(1);
        RunQueue q = queues[0];
        G[] drained = new G[RunQueue.CAPACITY + 1];
        int next = 0;
        int tick = 0;
        while (next < gs.length && !stop) {
            int kind = random.nextInt(64);
            int arrived = next;
            if (kind == 0) {
                // A batch (injectglist): big enough, sometimes, to overflow to global.
                int n = Math.min(1 + random.nextInt(300), gs.length - next);
                for (int i = next; i < next + n - 1; i++) {
                    gs[i].schedlink = gs[i + 1];
                }
                q.putBatch(gs[next], gs[next + n - 1], n, global);
                next += n;
            } else if (kind == 1) {
                // The P is destroyed and recreated (procresize): its Gs go to global.
                int n = q.drain(drained);
                synchronized (lock) {
                    for (int i = 0; i < n; i++) {
                        global.put(drained[i]);
                        drained[i] = null;
                    }
                }
            } else {
                // A burst of puts, now and then long enough to overflow the ring.
                int burst = 1 + random.nextInt(kind == 2 ? 400 : 8);
                for (int b = 0; b < burst && next < gs.length; b++) {
                    q.put(gs[next++], random.nextInt(4) == 0, global);
                }
            }
            // Run about half as many as arrived, so that the others are there to steal.
            arrived = next - arrived;
            for (int e = random.nextInt(arrived + 1); e > 0; e--) {
                G gp = null;
                if (++tick % 61 == 0) { // schedule's fairness check of the global queue
                    synchronized (lock) {
                        gp = global.grab(q, 1, PROCS);
                    }
                }
                if (gp != null) {
                    fromGlobal.incrementAndGet();
                    run(gp);
                } else if (!findAndRun(0, random)) {
                    break;
                }
            }
        }
        while (done.get() < gs.length && !stop) {
            if (!findAndRun(0, random)) {
                Thread.onSpinWait();
            }
        }
    }

    private void thiefLoop(int p, int total) {
        SplittableRandom random = new SplittableRandom(p + 1);
        while (done.get() < total && !stop) {
            if (!findAndRun(p, random)) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * A small findRunnable: the local queue, then the global queue and stealing from a random
     * other P, in either order (Go looks at the global queue first; half the time we steal first
     * so that stealing is exercised while the global queue is busy).
     */
    private boolean findAndRun(int p, SplittableRandom random) {
        RunQueue mine = queues[p];
        G gp = mine.get();
        if (gp == null) {
            // mine is empty now and stays so until we add: the loot of a steal fits.
            boolean stealFirst = random.nextBoolean();
            if (stealFirst) {
                gp = steal(p, random);
            }
            if (gp == null && global.sizeHint() != 0) {
                synchronized (lock) {
                    gp = global.grab(mine, 0, PROCS);
                }
                if (gp != null) {
                    fromGlobal.incrementAndGet();
                }
            }
            if (gp == null && !stealFirst) {
                gp = steal(p, random);
            }
        }
        if (gp == null) {
            return false;
        }
        run(gp);
        return true;
    }

    private G steal(int p, SplittableRandom random) {
        int victim = (p + 1 + random.nextInt(PROCS - 1)) % PROCS;
        G gp = queues[p].steal(queues[victim], random.nextBoolean());
        if (gp != null) {
            stolen.addAndGet(1 + queues[p].size()); // approximate: others may steal from us already
        }
        return gp;
    }

    private void run(G gp) {
        int times = runs.incrementAndGet((int) gp.id);
        if (times != 1) {
            throw new AssertionError("G" + gp.id + " ran " + times + " times");
        }
        done.incrementAndGet();
    }

    /** A daemon thread running {@code body}; a throwable it raises becomes the test's failure. */
    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stop = true;
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Starts the threads, waits up to {@code seconds} for them, then sets {@link #stop}. Returns
     * "" if they all ended, else where each live one is (a broken queue can loop forever).
     */
    private String runAll(double seconds, Thread... threads) throws InterruptedException {
        for (Thread t : threads) {
            t.start();
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        stop = true;
        StringBuilder stuck = new StringBuilder();
        for (Thread t : threads) {
            t.join(1_000);
            if (t.isAlive()) {
                stuck.append(t.getName()).append(" is stuck:");
                for (StackTraceElement frame : t.getStackTrace()) {
                    stuck.append("\n\tat ").append(frame);
                }
                stuck.append('\n');
            }
        }
        return stuck.toString();
    }

    /**
     * runqempty never reports an empty queue that always holds a G. The owner cycles through
     * Go's race (runnext G1 with an empty ring; a put kicks G1 to the ring; a get empties
     * runnext) while an observer calls isEmpty; without the tail re-check the observer can see
     * the empty ring from before the kick and the empty runnext from after the get.
     */
    @Test
    void isEmptyIsNeverSpuriouslyTrue() throws Exception {
        RunQueue q = new RunQueue(false);
        RunQueue helper = new RunQueue(false); // another P, owned by the same thread here
        G a = new G(1);
        G b = new G(2);
        q.put(a, true, global); // runnext a, ring []
        AtomicInteger spurious = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        Thread observer = thread("observer", () -> {
            while (!stop) {
                if (q.isEmpty()) {
                    spurious.incrementAndGet();
                }
                checks.incrementAndGet();
            }
        });
        observer.start();
        try {
            long cycles = (long) Math.max(10_000, 4_000_000 * SCALE);
            for (long i = 0; i < cycles && failure.get() == null; i++) {
                q.put(b, true, global); // runnext b, ring [a]
                assertSame(b, q.get()); // runnext -, ring [a]
                q.put(b, true, global); // runnext b, ring [a]
                assertSame(a, helper.steal(q, false)); // runnext b, ring []
                G swap = a;
                a = b;
                b = swap;
            }
        } finally {
            stop = true;
            observer.join(10_000);
        }
        assertNull(failure.get());
        assertTrue(checks.get() > 0, "observer ran");
        assertEquals(0, spurious.get(), "spurious empties in " + checks.get() + " checks");
    }
}
