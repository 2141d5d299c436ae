package io.golib.tests.sync;

import static org.junit.jupiter.api.Assertions.fail;

import io.golib.Go;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers for the sync tests: polling, GOMAXPROCS, stress scale. */
final class SyncSupport {
    /** Multiplies loop counts of the longer tests ({@code -Dgolib.stress.scale=N}). */
    static final int SCALE = Math.max(1, Integer.getInteger("golib.stress.scale", 1));

    /** How long {@link #eventually} waits before it fails: far beyond any expected wait. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private SyncSupport() {}

    /**
     * Polls {@code cond} until it holds, sleeping a millisecond between polls (parking in a
     * goroutine; the sleep's timer also keeps the deadlock detector from firing while a plain
     * thread is about to act). Fails, naming {@code what}, after 20 s.
     */
    @Goroutine
    static void eventually(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Go.sleep(Duration.ofMillis(1));
        }
    }

    /**
     * Starts a goroutine that sleeps a millisecond at a time until {@code stop}: the deadlock
     * detector cannot see plain threads, and would report every goroutine waiting for a lock a
     * thread holds as a deadlock; a pending timer keeps it from firing. Returns its WaitGroup.
     */
    static io.golib.sync.WaitGroup heartbeat(java.util.concurrent.atomic.AtomicBoolean stop) {
        io.golib.sync.WaitGroup wg = new io.golib.sync.WaitGroup();
        wg.go(() -> {
            while (!stop.get()) {
                Go.sleep(Duration.ofMillis(1));
            }
        });
        return wg;
    }

    /** Runs {@code main} with GOMAXPROCS set to {@code procs}, restoring it afterwards. */
    static void runWithProcs(int procs, GoRunnable main) {
        int old = Go.setGomaxprocs(procs);
        try {
            Go.run(main);
        } finally {
            Go.setGomaxprocs(old);
        }
    }

    /** Starts a daemon thread named {@code name} running {@code body}. */
    static Thread startThread(String name, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until {@code t} blocks (WAITING or TIMED_WAITING), or fails after 20 s. */
    static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() - deadline > 0) {
                fail("thread " + t.getName() + " never blocked: " + t.getState());
            }
            Thread.sleep(1);
        }
    }

    /** Joins threads from a goroutine: a blocking call, so inside Go.withSyscall. */
    static void joinAll(Thread... threads) {
        Go.withSyscall(() -> {
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                if (t.isAlive()) {
                    StringBuilder sb = new StringBuilder("thread " + t.getName()
                            + " did not finish:\n");
                    for (StackTraceElement e : t.getStackTrace()) {
                        sb.append('\t').append(e).append('\n');
                    }
                    fail(sb.append("\ngoroutines:\n").append(Go.dumpGoroutines()).toString());
                }
            }
        });
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
