package io.golib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.chan.Chan;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deadlock is reported only when nothing can wake the main goroutine any more, and then it is
 * reported: the cases where something still could (a pinned goroutine just readied, a plain
 * thread that will send) and one where nothing can beside an unrelated waiting thread.
 */
@Timeout(60)
class DeadlockDetectionTest {

    /**
     * A goroutine parked inside a frame that cannot unwind (reflection) keeps its carrier. Main
     * readies it and blocks at once on the reply: between the two, no M runs and the readied
     * goroutine is in no run queue, only its carrier is about to wake. That is no deadlock. Used
     * to throw DeadlockException in about a third of the rounds at GOMAXPROCS 1 (the woken M was
     * counted as pinned until its thread woke).
     */
    @Test
    void aPinnedGoroutineJustReadiedIsNoDeadlock() throws Exception {
        Method recv = Chan.class.getMethod("recv");
        int old = Go.setGomaxprocs(1);
        try {
            for (int round = 0; round < 100; round++) {
                int got = Go.call(() -> {
                    Chan<Integer> in = Chan.make();
                    Chan<Integer> out = Chan.make(1);
                    Go.go(() -> out.send((Integer) recv.invoke(in) + 1)); // pins its carrier
                    Go.sleep(Duration.ofMillis(2)); // let it park
                    in.send(5);
                    return out.recv();
                });
                assertEquals(6, got, "round " + round);
            }
        } finally {
            Go.setGomaxprocs(old);
        }
    }

    /** A plain method: a receive in it cannot park, so its goroutine pins its carrier. */
    @SuppressWarnings("golib")
    private static Integer recvPinned(Chan<Integer> ch) {
        return ch.recv();
    }

    private static String dumpHere() {
        return Go.dumpGoroutines();
    }

    /**
     * As Go's goroutine dumps, golib's show the frames of the goroutine that asks (its frames
     * are on its carrier's stack, not saved) and of a pinned one (on the carrier it keeps); a
     * deadlock report, made of the same dump, too. Both used to print no frame at all.
     */
    @Test
    void dumpsShowTheRunningAndThePinnedGoroutinesFrames() {
        String[] dumps = Go.call(() -> {
            Chan<Integer> ch = Chan.make();
            Go.go(() -> recvPinned(ch));
            Go.sleep(Duration.ofMillis(20)); // it pins
            String d = dumpHere();
            ch.send(1);
            return new String[] {d};
        });
        String running = block(dumps[0], "[running]");
        assertTrue(running.contains("DeadlockDetectionTest.dumpHere("), dumps[0]);
        String pinned = block(dumps[0], "[chan receive]");
        assertTrue(pinned.contains("DeadlockDetectionTest.recvPinned("), dumps[0]);
        assertTrue(pinned.contains("io.golib.chan.Chan.recv("), dumps[0]);
        assertTrue(!pinned.contains("io.golib.runtime."), dumps[0]);

        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            Chan<Integer> never = Chan.make();
            recvPinned(never);
        }));
        assertTrue(e.getMessage().contains("DeadlockDetectionTest.recvPinned("), e.getMessage());
    }

    /** The block of the first goroutine in {@code dump} whose header contains {@code state}. */
    private static String block(String dump, String state) {
        for (String b : dump.split("\n\n")) {
            if (b.split("\n")[0].contains(state)) {
                return b;
            }
        }
        throw new AssertionError("no goroutine " + state + " in:\n" + dump);
    }

    /**
     * A thread started by goroutine code is a daemon (threads inherit their creator's flag, and
     * carriers are daemons), busy, and has not used golib yet when main blocks: it may still send.
     */
    @Test
    void aThreadStartedByAGoroutineIsWaitedFor() {
        Go.run(() -> {}); // a warm scheduler: main blocks before the thread has done anything
        for (int round = 0; round < 3; round++) {
            int got = Go.call(() -> {
                Chan<Integer> ch = Chan.make();
                Thread t = new Thread(() -> {
                    long t0 = System.nanoTime();
                    while (System.nanoTime() - t0 < 10_000_000L) {
                        Thread.onSpinWait(); // busy, RUNNABLE, no golib yet
                    }
                    ch.send(7);
                });
                assertTrue(t.isDaemon(), "inherits the carrier's daemon flag");
                t.start();
                return ch.recv();
            });
            assertEquals(7, got);
        }
    }

    /** A plain thread that sleeps before its first channel operation may still send. */
    @Test
    void aPlainThreadSleepingBeforeItsFirstSendIsWaitedFor() {
        Go.run(() -> {});
        for (int round = 0; round < 3; round++) {
            Chan<Integer> ch = Chan.make();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                ch.send(8);
            });
            t.setDaemon(false);
            t.start();
            assertEquals(8, Go.call(ch::recv));
        }
    }

    /**
     * A thread that never used golib and waits for something else (a test runner's watcher in
     * {@code Future.get} with a timeout) does not hide a deadlock.
     */
    @Test
    void aWaitingThreadThatNeverUsedGolibDoesNotHideADeadlock() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            try {
                release.await(50, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // ends
            }
        });
        watcher.setDaemon(false);
        watcher.start();
        try {
            DeadlockException e = assertThrows(DeadlockException.class,
                    () -> Go.run(() -> Chan.<Integer>make().recv()));
            assertTrue(e.getMessage().contains("[chan receive]"), e.getMessage());
        } finally {
            release.countDown();
            watcher.join();
        }
    }
}
