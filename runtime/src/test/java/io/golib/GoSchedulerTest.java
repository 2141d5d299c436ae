package io.golib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.runtime.stack.Continuation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GoSchedulerTest {

    /**
     * Go.gosched yields in its caller's frame: parked by it, a continuation's innermost saved
     * frame is the caller's (gosched itself is a primitive, not rewritten, with no frame to save),
     * and the caller's values come back on resume.
     */
    @Test
    void goschedYieldsInItsCallersFrame() {
        long[] seen = new long[1];
        Continuation c = new Continuation(() -> seen[0] = yieldOnceKeeping(41L));
        assertFalse(c.run());
        assertEquals(Continuation.YIELDED, c.parkKind());
        StackTraceElement[] frames = c.logicalStack();
        assertEquals("yieldOnceKeeping", frames[0].getMethodName(), Arrays.toString(frames));
        assertTrue(c.run());
        assertNull(c.failure());
        assertEquals(42L, seen[0]);
    }

    @Goroutine
    private static long yieldOnceKeeping(long v) {
        long kept = v + 1;
        Go.gosched();
        return kept;
    }

    /**
     * Called through a frame that cannot unwind (reflection is not rewritten), Go.gosched returns
     * at once instead of yielding, as Continuation.yieldNow does: nothing hangs, nothing is lost.
     */
    @Test
    void goschedThroughAFrameThatCannotUnwindReturnsAtOnce() throws Exception {
        Method gosched = Go.class.getMethod("gosched");
        int[] after = new int[1];
        Continuation c = new Continuation(() -> {
            gosched.invoke(null);
            after[0]++;
        });
        assertTrue(c.run(), "ran to its end without parking");
        assertNull(c.failure());
        assertEquals(1, after[0]);
    }

    /**
     * With one P, a goroutine that yields in a loop lets a runnable one run (the yield returns at
     * once only when nothing else could run), and gives way to a timer that comes due (a sleeper
     * wakes only through a scheduling round that runs its P's timers).
     */
    @Test
    void goschedLetsRunnableGoroutinesAndDueTimersRunWithOneProc() {
        int old = Go.setGomaxprocs(1);
        try {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger woke = new AtomicInteger();
            long[] yields = new long[2];
            Go.run(() -> {
                Go.go(() -> ran.incrementAndGet());
                while (ran.get() == 0) {
                    Go.gosched();
                    yields[0]++;
                }
                Go.go(() -> {
                    Go.sleep(Duration.ofMillis(20));
                    woke.incrementAndGet();
                });
                while (woke.get() == 0) {
                    Go.gosched();
                    yields[1]++;
                }
            });
            assertEquals(1, ran.get());
            assertEquals(1, woke.get());
            assertTrue(yields[0] >= 1 && yields[1] >= 1, Arrays.toString(yields));
        } finally {
            Go.setGomaxprocs(old);
        }
    }

    /**
     * Sched.park (gopark) parks in its caller's frame: a sleeping goroutine's innermost saved
     * frame is Sched.sleep's, with no Sched.park frame (a wrong call key would pin the park
     * instead, and leave no saved frame at all).
     */
    @Test
    void goparkParksInItsCallersFrame() {
        String[] seen = new String[1];
        Go.run(() -> {
            Go.go(() -> Go.sleep(Duration.ofMillis(300)));
            for (int i = 0; i < 2_000 && seen[0] == null; i++) {
                for (String block : Go.dumpGoroutines().split("\n\n")) {
                    if (block.contains("[sleep]:")) {
                        seen[0] = block;
                    }
                }
                Go.sleep(Duration.ofMillis(1));
            }
        });
        assertTrue(seen[0] != null, "no sleeping goroutine in the dumps");
        String[] lines = seen[0].split("\n");
        assertTrue(lines.length > 2 && lines[1].contains("Sched.sleep("), seen[0]);
        assertFalse(seen[0].contains("Sched.park("), seen[0]);
        assertTrue(lines[2].contains("Go.sleep("), seen[0]);
    }

    @Test
    void runReturnsMainsResult() {
        assertEquals(42, (int) Go.call(() -> 6 * 7));
    }

    @Test
    void spawnAndJoinManyGoroutines() {
        int n = 100_000;
        AtomicInteger done = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Go.gosched();
                    done.incrementAndGet();
                });
            }
            while (done.get() < n) {
                Go.sleep(Duration.ofMillis(1));
            }
        });
        assertEquals(n, done.get());
    }

    @Test
    void sleepNeverWakesEarly() {
        long[] elapsed = new long[1];
        Go.run(() -> {
            long t0 = System.nanoTime();
            Go.sleep(Duration.ofMillis(30));
            elapsed[0] = System.nanoTime() - t0;
        });
        assertTrue(elapsed[0] >= 30_000_000L, "slept only " + elapsed[0] + " ns");
    }

    @Test
    void exceptionFromMainIsRethrown() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Go.run(() -> {
                    Go.sleep(Duration.ofMillis(1));
                    throw new IllegalStateException("boom");
                }));
        assertEquals("boom", e.getMessage());
        GoroutineException w = assertThrows(GoroutineException.class,
                () -> Go.run(() -> {
                    throw new java.io.IOException("io");
                }));
        assertEquals("io", w.getCause().getMessage());
    }

    static volatile boolean flag;

    @Goroutine
    static long spinUntilFlag() {
        long n = 0;
        while (!flag) {
            n++;
        }
        return n;
    }

    @Test
    void tightLoopIsPreemptedWithOneProc() {
        int old = Go.setGomaxprocs(1);
        try {
            flag = false;
            Go.run(() -> {
                Go.go(() -> {
                    Go.sleep(Duration.ofMillis(50));
                    flag = true;
                });
                spinUntilFlag();
            });
            assertTrue(flag);
        } finally {
            Go.setGomaxprocs(old);
        }
    }

    @Test
    void withSyscallLetsOthersRunWithOneProc() {
        int old = Go.setGomaxprocs(1);
        try {
            AtomicInteger ran = new AtomicInteger();
            Go.run(() -> {
                Go.go(() -> ran.incrementAndGet());
                Go.withSyscall(() -> {
                    long deadline = System.nanoTime() + 2_000_000_000L;
                    while (ran.get() == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                });
            });
            assertEquals(1, ran.get());
        } finally {
            Go.setGomaxprocs(old);
        }
    }

    /**
     * A goroutine that keeps entering short system calls does not starve the others on its P.
     * (Regression: sysmon never retook a P whose syscall tick kept changing, and could not
     * preempt its goroutine while no M was wired to it; Go's sysretake.)
     */
    @Test
    void shortSyscallLoopDoesNotStarveItsP() {
        int old = Go.setGomaxprocs(1);
        try {
            AtomicInteger ran = new AtomicInteger();
            int[] ranDuringLoop = {0};
            Go.run(() -> {
                Go.go(() -> ran.incrementAndGet());
                long t0 = System.nanoTime();
                while (ran.get() == 0 && System.nanoTime() - t0 < 5_000_000_000L) {
                    Go.withSyscall(() -> java.util.concurrent.locks.LockSupport.parkNanos(50_000));
                }
                ranDuringLoop[0] = ran.get();
            });
            assertEquals(1, ranDuringLoop[0],
                    "the other goroutine ran while main looped over system calls for 5 s");
        } finally {
            Go.setGomaxprocs(old);
        }
    }

    @Test
    void deadlockIsReported() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            io.golib.runtime.sched.Sched.park("chan receive", null, null);
        }));
        assertTrue(e.getMessage().contains("all goroutines are asleep - deadlock!"), e.getMessage());
        assertTrue(e.getMessage().contains("[chan receive]"), e.getMessage());
        assertTrue(e.getMessage().contains("GoSchedulerTest"), e.getMessage());
    }

    @Test
    void panicHandlerGetsGoroutineExceptions() {
        AtomicInteger seen = new AtomicInteger();
        Go.setPanicHandler(t -> seen.incrementAndGet());
        Go.run(() -> {
            Go.go(() -> {
                throw new RuntimeException("p");
            });
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.get() == 0 && System.nanoTime() < deadline) {
                Go.sleep(Duration.ofMillis(1));
            }
        });
        assertEquals(1, seen.get());
    }

    @Test
    void gomaxprocsRaisedAndLoweredUnderLoad() {
        int n = 10_000;
        AtomicInteger done = new AtomicInteger();
        int old = Go.gomaxprocs();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    for (int k = 0; k < 5; k++) {
                        Go.gosched();
                    }
                    done.incrementAndGet();
                });
            }
            Go.setGomaxprocs(4);
            Go.sleep(Duration.ofMillis(2));
            Go.setGomaxprocs(1);
            Go.sleep(Duration.ofMillis(2));
            Go.setGomaxprocs(3);
            while (done.get() < n) {
                Go.sleep(Duration.ofMillis(1));
            }
        });
        Go.setGomaxprocs(old);
        assertEquals(n, done.get());
    }

    @Test
    void badInput() {
        assertThrows(NullPointerException.class, () -> Go.go(null));
    }

    /** runtime.GOMAXPROCS(n < 1) only reports the setting, as Go's does. */
    @Test
    void setGomaxprocsBelowOneOnlyAsks() {
        int old = Go.setGomaxprocs(3);
        try {
            assertEquals(3, Go.setGomaxprocs(0));
            assertEquals(3, Go.setGomaxprocs(-1));
            assertEquals(3, Go.gomaxprocs());
        } finally {
            Go.setGomaxprocs(old);
        }
    }
}
