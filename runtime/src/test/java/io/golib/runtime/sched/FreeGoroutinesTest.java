package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.chan.Chan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The free-G pool (Go's gfput/gfget): a goroutine that ends leaves its G, continuation and heap
 * stack for the next one; the next one gets a new id and a clean state whatever the last one did.
 */
@Timeout(60)
class FreeGoroutinesTest {

    /** Runs {@code body} as a goroutine and waits until it has ended; returns its G. */
    @Goroutine
    private static G runOne(GoRunnable body) {
        Chan<G> done = Chan.make(1);
        Go.go(() -> {
            G self = Sched.currentG();
            try {
                body.run();
            } finally {
                done.send(self);
            }
        });
        G gp = done.recv();
        while (gp.status != G.FREE) { // it sent, then ended on its carrier
            Go.gosched();
        }
        return gp;
    }

    @Test
    void endedGoroutinesAreReusedWithNewIds() {
        int n = 200;
        Set<G> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Long> ids = new HashSet<>();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                long[] id = new long[1];
                G gp = runOne(() -> id[0] = Go.goid());
                distinct.add(gp);
                assertTrue(ids.add(id[0]), "goroutine id " + id[0] + " given twice");
            }
        });
        assertEquals(n, ids.size());
        assertTrue(distinct.size() <= n / 4,
                distinct.size() + " Gs for " + n + " goroutines run one after another: not reused");
    }

    @Goroutine
    private static int recurse(int depth) {
        if (depth == 0) {
            Go.gosched(); // parks with every frame on the heap stack
            return 0;
        }
        return 1 + recurse(depth - 1);
    }

    /**
     * Whatever the last goroutine left behind (a failure, a deep stack, a parked select, a pending
     * preemption request), the next one on the same G starts clean.
     */
    @Test
    void aReusedGoroutineStartsClean() {
        List<Throwable> panics = Collections.synchronizedList(new ArrayList<>());
        Go.setPanicHandler(panics::add);
        try {
            Go.run(() -> {
                G failed = runOne(() -> {
                    throw new IllegalStateException("boom");
                });
                G deep = runOne(() -> assertEquals(2_000, recurse(2_000)));
                G preempted = runOne(() -> Sched.currentG().preempt());
                for (int i = 0; i < 50; i++) {
                    AtomicReference<String> seen = new AtomicReference<>();
                    runOne(() -> {
                        Go.gosched();
                        seen.set(recurse(10) + " " + Sched.currentG().waitReason);
                    });
                    assertEquals("10 null", seen.get());
                }
                assertNotNull(failed);
                assertNotNull(deep);
                assertNotNull(preempted);
            });
        } finally {
            Go.setPanicHandler(Throwable::printStackTrace);
        }
        assertEquals(1, panics.size(), "the failure is reported once: " + panics);
        assertEquals("boom", panics.get(0).getMessage());
    }

    /** Free Gs are not goroutines: dumps and counts leave them out. */
    @Test
    void freeGoroutinesAreNotListed() {
        Go.run(() -> {
            for (int i = 0; i < 100; i++) {
                runOne(() -> { });
            }
            String dump = Go.dumpGoroutines();
            assertEquals(1, Go.numGoroutine(), dump);
            assertFalse(dump.contains("goroutine " + (Go.goid() + 1)), dump);
            int listed = dump.split("\ngoroutine ", -1).length;
            assertEquals(1, listed, "only main is listed:\n" + dump);
        });
    }

    /**
     * After a burst, the registry of goroutines (for dumps) lets go of the dead ones once the Ms
     * go idle, instead of keeping them reachable until it fills up again.
     */
    @Test
    void aBurstOfDeadGoroutinesIsNotKeptRegistered() {
        int n = 30_000;
        Go.run(() -> {
            Chan<Integer> release = Chan.make();
            io.golib.sync.WaitGroup wg = new io.golib.sync.WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    release.recv(); // all n alive at once: the free lists cannot absorb them
                    wg.done();
                });
            }
            release.close();
            wg.await();
        });
        Sched s = Sched.get();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (s.allgs.registered() > n / 2 && System.nanoTime() < deadline) {
            Go.run(() -> Go.sleep(java.time.Duration.ofMillis(20))); // lets the Ms go idle
        }
        assertTrue(s.allgs.registered() <= n / 2,
                s.allgs.registered() + " goroutines still registered after " + n + " ended");
    }

    /** A body that cannot run is refused before a free G is taken: the pool loses nothing. */
    @Test
    void aBadBodyLosesNoFreeG() {
        Go.run(() -> {
            G before = runOne(() -> { });
            assertThrows(NullPointerException.class, () -> Sched.get().newproc(null));
            G after = runOne(() -> { });
            assertTrue(before == after || after.status == G.FREE,
                    "the free G is still there for the next goroutine");
        });
    }
}
