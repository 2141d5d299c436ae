package io.golib.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.Goroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Channel behaviour, after Go's runtime/chan_test.go: TestChan, each property over capacities. */
@Timeout(120)
class ChanTest {
    static final int N = 20;

    @Goroutine
    static void sleepMs(int ms) {
        Go.sleep(Duration.ofMillis(ms));
    }

    @Test
    void receiveFromEmptyBlocks() {
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            AtomicBoolean recv = new AtomicBoolean();
            Go.run(() -> {
                Go.go(() -> {
                    c.recv();
                    recv.set(true);
                });
                sleepMs(1);
                assertFalse(recv.get(), "chan[" + c.cap() + "]: receive from empty chan");
                c.send(0); // ensure the goroutine is not leaked
                while (!recv.get()) {
                    Go.gosched();
                }
            });
        }
    }

    @Test
    void nonBlockingReceiveFromEmpty() {
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Go.run(() -> assertNull(c.tryRecv(), "chan[" + c.cap() + "]: tryRecv from empty"));
        }
    }

    @Test
    void sendToFullBlocks() {
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            AtomicBoolean sent = new AtomicBoolean();
            Go.run(() -> {
                for (int i = 0; i < c.cap(); i++) {
                    c.send(i);
                }
                Go.go(() -> {
                    c.send(0);
                    sent.set(true);
                });
                sleepMs(1);
                assertFalse(sent.get(), "chan[" + c.cap() + "]: send to full chan");
                c.recv();
                while (!sent.get()) {
                    Go.gosched();
                }
            });
        }
    }

    @Test
    void receiveFromClosedDrainsThenNull() {
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Go.run(() -> {
                for (int i = 0; i < c.cap(); i++) {
                    c.send(i);
                }
                c.close();
                assertTrue(c.isClosed());
                for (int i = 0; i < c.cap(); i++) {
                    assertEquals(i, c.recv());
                }
                assertNull(c.recv());
                assertNull(c.tryRecv());
                assertEquals(0, c.len());
            });
        }
    }

    @Test
    void closeUnblocksReceivers() {
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Chan<Boolean> done = Chan.make();
            Go.run(() -> {
                for (int i = 0; i < 3; i++) {
                    Go.go(() -> done.send(c.recv() == null));
                }
                sleepMs(1);
                c.close();
                for (int i = 0; i < 3; i++) {
                    assertTrue(done.recv(), "chan[" + c.cap() + "]: received non-null from closed");
                }
            });
        }
    }

    @Test
    void fifoOrder() {
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Go.run(() -> {
                Go.go(() -> {
                    for (int i = 0; i < 100; i++) {
                        c.send(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    assertEquals(i, c.recv(), "chan[" + c.cap() + "]");
                }
            });
        }
    }

    @Test
    void manySendersAndReceiversLoseNothing() {
        int p = 4;
        int l = 1000;
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Chan<int[]> done = Chan.make();
            Go.run(() -> {
                for (int k = 0; k < p; k++) {
                    Go.go(() -> {
                        for (int i = 0; i < l; i++) {
                            c.send(i);
                        }
                    });
                }
                for (int k = 0; k < p; k++) {
                    Go.go(() -> {
                        int[] recv = new int[l];
                        for (int i = 0; i < l; i++) {
                            recv[c.recv()]++;
                        }
                        done.send(recv);
                    });
                }
                int[] total = new int[l];
                for (int k = 0; k < p; k++) {
                    int[] r = done.recv();
                    for (int i = 0; i < l; i++) {
                        total[i] += r[i];
                    }
                }
                for (int i = 0; i < l; i++) {
                    assertEquals(p, total[i], "chan[" + c.cap() + "]: value " + i);
                }
            });
        }
    }

    @Test
    void lenAndCap() {
        for (int cap = 0; cap < N; cap++) {
            Chan<Integer> c = Chan.make(cap);
            assertEquals(0, c.len());
            assertEquals(cap, c.cap());
            for (int i = 0; i < cap; i++) {
                c.send(i); // plain thread: never blocks, there is room
            }
            assertEquals(cap, c.len());
            assertEquals(cap, c.cap());
        }
    }

    @Test
    void closedChannelTexts() {
        Chan<Integer> c = Chan.make(1);
        c.close();
        assertEquals("send on closed channel",
                assertThrows(ChanClosedException.class, () -> c.send(1)).getMessage());
        assertEquals("send on closed channel",
                assertThrows(ChanClosedException.class, () -> c.trySend(1)).getMessage());
        assertEquals("close of closed channel",
                assertThrows(ChanClosedException.class, c::close).getMessage());
        assertTrue(new ChanClosedException("x") instanceof IllegalStateException);
    }

    @Test
    void blockedSenderIsWokenByCloseAndThrows() {
        for (int cap = 0; cap < 3; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Chan<String> outcome = Chan.make(1);
            Go.run(() -> {
                for (int i = 0; i < c.cap(); i++) {
                    c.send(i);
                }
                Go.go(() -> {
                    try {
                        c.send(99);
                        outcome.send("sent");
                    } catch (ChanClosedException e) {
                        outcome.send(e.getMessage());
                    }
                });
                sleepMs(2);
                c.close();
                assertEquals("send on closed channel", outcome.recv());
            });
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> Chan.make(Integer.MAX_VALUE)); // not the VM's OutOfMemoryError
        assertTrue(huge.getMessage().startsWith("makechan: size out of range"), huge.getMessage());
        Chan<String> c = Chan.make(1);
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertEquals(0, c.len(), "a rejected null must not be buffered");
    }

    @Test
    void trySendAndTryRecv() {
        Chan<Integer> u = Chan.make();
        assertFalse(u.trySend(1), "unbuffered with no receiver");
        Chan<Integer> b = Chan.make(2);
        assertTrue(b.trySend(1));
        assertTrue(b.trySend(2));
        assertFalse(b.trySend(3));
        assertEquals(1, b.tryRecv());
        assertEquals(2, b.tryRecv());
        assertNull(b.tryRecv());
    }

    @Test
    void rangeOverChannel() {
        List<Integer> got = new ArrayList<>();
        long pinnedBefore = io.golib.runtime.sched.Sched.get().pinnedParks();
        Go.run(() -> {
            Chan<Integer> c = Chan.make(3);
            Go.go(() -> {
                for (int i = 0; i < 10; i++) {
                    c.send(i);
                }
                c.close();
            });
            for (Integer v : c) {
                got.add(v);
            }
        });
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            want.add(i);
        }
        assertEquals(want, got);
        assertEquals(pinnedBefore, io.golib.runtime.sched.Sched.get().pinnedParks(),
                "for (v : ch) must park the goroutine, not pin its carrier");
    }

    @Test
    void threadSendsGoroutineReceives() throws Exception {
        for (int cap = 0; cap < 3; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Thread t = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.send(i);
                }
                c.close();
            });
            t.start();
            int sum = Go.call(() -> {
                int s = 0;
                for (Integer v = c.recv(); v != null; v = c.recv()) {
                    s += v;
                }
                return s;
            });
            t.join();
            assertEquals(999 * 1000 / 2, sum);
        }
    }

    @Test
    void goroutineSendsThreadReceives() throws Exception {
        for (int cap = 0; cap < 3; cap++) {
            Chan<Integer> c = Chan.make(cap);
            AtomicInteger sum = new AtomicInteger();
            Thread t = new Thread(() -> {
                for (Integer v = c.recv(); v != null; v = c.recv()) {
                    sum.addAndGet(v);
                }
            });
            t.start();
            Go.run(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.send(i);
                }
                c.close();
            });
            t.join();
            assertEquals(999 * 1000 / 2, sum.get());
        }
    }

    @Test
    void threadAndGoroutinePingPong() {
        // Regression: a goroutine readied by a plain thread goes to the global queue, and the
        // ready's wakep does nothing while an M still counts as spinning; that M then went idle
        // without looking at the global queue again (findRunnable lacked go1.22's "Check global
        // and P runqueues again"), and the goroutine was never run. Lost within a few thousand
        // round trips on 2 CPUs; preemptive timeout because a plain thread's channel wait is not
        // interruptible.
        int rounds = 100_000;
        Chan<Integer> start = Chan.make();
        Chan<Integer> done = Chan.make();
        Go.go(() -> {
            for (Integer v = start.recv(); v != null; v = start.recv()) {
                done.send(v);
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < rounds; i++) {
                start.send(i);
                assertEquals(i, done.recv(), "round trip " + i);
            }
        }, "a goroutine readied by a plain thread was never run");
        start.close();
    }

    @Test
    void threadsAlone() throws Exception {
        Chan<Integer> c = Chan.make();
        Thread t = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                c.send(i);
            }
        });
        t.start();
        for (int i = 0; i < 100; i++) {
            assertEquals(i, c.recv());
        }
        t.join();
    }

    @Test
    void unbufferedIsARendezvous() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            AtomicBoolean received = new AtomicBoolean();
            Go.go(() -> {
                sleepMs(5);
                received.set(true);
                c.recv();
            });
            c.send(1);
            assertTrue(received.get(), "send completed before a receiver took the value");
        });
    }

    @Test
    void nonBlockingRaces() {
        // Go's TestNonblockRecvRace: a select with a default on a channel that holds a value,
        // racing with close, always finds the receive ready (a closed channel is ready too).
        int n = 1000;
        AtomicInteger notReady = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = Chan.make(1);
            c.send(1);
            Go.run(() -> {
                Chan<Boolean> done = Chan.make();
                Go.go(() -> {
                    Select.select(Select.recv(c), Select.otherwise(notReady::incrementAndGet));
                    done.send(true);
                });
                c.close();
                c.recv();
                done.recv();
            });
        }
        assertEquals(0, notReady.get(), "chan is not ready");
    }

    /** What a closer wrote before close() is visible to whoever sees the close without a lock. */
    @Test
    void closeHappensBeforeIsClosed() throws Exception {
        for (int i = 0; i < 2000; i++) {
            Chan<Integer> c = Chan.make(1);
            int[] data = new int[1];
            Thread t = new Thread(() -> {
                data[0] = 42;
                c.close();
            });
            t.start();
            while (!c.isClosed()) {
                Thread.onSpinWait();
            }
            assertEquals(42, data[0]);
            t.join();
        }
    }
}
