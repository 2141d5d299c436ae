package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.chan.Chan;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler's netpoll hook, driven by a fake poller: goroutines "waiting for I/O" are
 * handed back by {@link Netpoller#poll} once a plain thread (the kernel, here) completes them.
 * Each test would hang or report a deadlock if the scheduler did not poll where Go does.
 */
@Timeout(60)
class NetpollerTest {
    private FakePoller poller;

    @BeforeEach
    void install() {
        poller = new FakePoller();
        Sched.get().setNetpoller(poller);
    }

    @AfterEach
    void uninstall() {
        Sched.get().setNetpoller(null);
    }

    /** A poller backed by a monitor: {@link #complete} plays the kernel reporting readiness. */
    static final class FakePoller implements Netpoller {
        private final Object lock = new Object();
        /** Registered before parking (Go's netpollWaiters), until handed back by poll. */
        private int waiters;
        private final List<G> parked = new ArrayList<>();
        private final ArrayDeque<G> ready = new ArrayDeque<>();
        private boolean woken;
        /** Polls waiting right now. */
        private int pollsWaiting;
        final AtomicInteger waitingPolls = new AtomicInteger();

        /** Waits for "I/O" (Go's netpollblock): registers, then parks until handed back. */
        @Goroutine
        void await() {
            synchronized (lock) {
                waiters++;
            }
            Sched.park("IO wait", (gp, arg) -> {
                synchronized (lock) {
                    parked.add(gp);
                    lock.notifyAll();
                }
                return true;
            }, null);
        }

        /** The kernel: waits until {@code n} goroutines are parked, then makes them ready. */
        void completeWhenParked(int n) throws InterruptedException {
            completeWhenParked(n, false);
        }

        /** ... and, if {@code whilePolling}, until an M waits in poll: only that M can see it. */
        void completeWhenParked(int n, boolean whilePolling) throws InterruptedException {
            synchronized (lock) {
                while (parked.size() < n || whilePolling && pollsWaiting == 0) {
                    lock.wait();
                }
                ready.addAll(parked);
                parked.clear();
                woken = true;
                lock.notifyAll();
            }
        }

        @Override
        public boolean hasWaiters() {
            synchronized (lock) {
                return waiters > 0;
            }
        }

        @Override
        public void poll(long timeoutNanos, GList out) {
            synchronized (lock) {
                if (timeoutNanos != 0) {
                    waitingPolls.incrementAndGet();
                    pollsWaiting++;
                    lock.notifyAll();
                    long deadline = System.nanoTime() + timeoutNanos;
                    while (ready.isEmpty() && !woken) {
                        long left = deadline - System.nanoTime();
                        if (timeoutNanos > 0 && left <= 0) {
                            break;
                        }
                        try {
                            if (timeoutNanos < 0) {
                                lock.wait();
                            } else {
                                lock.wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    pollsWaiting--;
                }
                woken = false;
                for (G gp; (gp = ready.poll()) != null; ) {
                    waiters--;
                    out.push(gp);
                }
            }
        }

        @Override
        public void wakeup() {
            synchronized (lock) {
                woken = true;
                lock.notifyAll();
            }
        }
    }

    private Thread kernel(int n, boolean whilePolling) {
        Thread t = new Thread(() -> {
            try {
                poller.completeWhenParked(n, whilePolling);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fake-kernel");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Goroutines waiting for I/O are resumed through a waiting poll while every carrier is idle
     * (the kernel completes them only once an M waits in poll: nothing else would see them).
     */
    @Test
    void ioWaitersAreResumedByThePoller() throws Exception {
        int n = 3;
        Thread k = kernel(n, true);
        AtomicInteger resumed = new AtomicInteger();
        Go.run(() -> {
            Chan<Integer> done = Chan.make(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    poller.await();
                    resumed.incrementAndGet();
                    done.send(1);
                });
            }
            for (int i = 0; i < n; i++) {
                done.recv();
            }
        });
        k.join();
        assertEquals(n, resumed.get());
    }

    /** Main waiting for I/O that only a plain thread completes is not a deadlock. */
    @Test
    void waitingForIoIsNotADeadlock() throws Exception {
        Thread k = new Thread(() -> {
            try {
                Thread.sleep(100);
                poller.completeWhenParked(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slow-kernel");
        k.setDaemon(true);
        k.start();
        Go.run(() -> poller.await());
        k.join();
    }

    /** Timers fire on time while an M waits in poll (the poll is bounded by the next timer). */
    @Test
    void timersFireWhileAnMPolls() throws Exception {
        long[] slept = new long[1];
        Go.run(() -> {
            Go.go(() -> poller.await()); // an I/O waiter: idle Ms poll instead of sleeping
            long t0 = System.nanoTime();
            Go.sleep(Duration.ofMillis(30));
            slept[0] = System.nanoTime() - t0;
            poller.completeWhenParked(1);
        });
        assertTrue(slept[0] >= 30_000_000L, "slept " + slept[0]);
        assertTrue(poller.waitingPolls.get() > 0, "an idle M waited in poll");
    }

    /**
     * With one P kept busy by a goroutine that always has work queued, findRunnable never gets
     * to its poll; sysmon polls after 10 ms, so the I/O waiter still runs.
     */
    @Test
    void busyProcessorsDoNotStarveIoWaiters() throws Exception {
        int old = Go.setGomaxprocs(1);
        try {
            Thread k = kernel(1, false);
            AtomicBoolean ioDone = new AtomicBoolean();
            AtomicBoolean gaveUp = new AtomicBoolean();
            Go.run(() -> {
                Go.go(() -> {
                    poller.await();
                    ioDone.set(true);
                });
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!ioDone.get()) { // keeps the only P busy, yielding to the queue
                    if (System.nanoTime() > deadline) {
                        gaveUp.set(true);
                        break;
                    }
                    Go.gosched();
                }
            });
            k.join();
            assertTrue(ioDone.get() && !gaveUp.get(), "the I/O waiter starved");
        } finally {
            Go.setGomaxprocs(old);
        }
    }
}
