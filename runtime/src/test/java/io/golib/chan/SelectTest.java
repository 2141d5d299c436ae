package io.golib.chan;

import static io.golib.chan.Select.otherwise;
import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;
import static io.golib.chan.Select.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.DeadlockException;
import io.golib.Go;
import io.golib.GoroutineException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Select behaviour, after Go's runtime/chan_test.go (TestSelectFairness, ...) and select.go. */
@Timeout(120)
class SelectTest {

    /**
     * Go's TestSelectFairness: two always-ready buffered channels among four cases. Each should
     * win half the time; the bound is 6 standard deviations of a fair coin (Go allows 10), so a
     * fair select fails it with probability about 2e-9.
     */
    @Test
    void fairAmongReadyCases() {
        int trials = 10_000;
        int[] counts = new int[2];
        Go.run(() -> {
            Chan<Integer> c1 = Chan.make(trials + 1);
            Chan<Integer> c2 = Chan.make(trials + 1);
            for (int i = 0; i < trials + 1; i++) {
                c1.send(1);
                c2.send(2);
            }
            Chan<Integer> c3 = Chan.make();
            Chan<Integer> c4 = Chan.make();
            int[] b = new int[1];
            SelectCase[] cases = {
                recv(c3, v -> b[0] = v), recv(c4, v -> b[0] = v),
                recv(c1, v -> b[0] = v), recv(c2, v -> b[0] = v)};
            for (int i = 0; i < trials; i++) {
                select(cases);
                counts[b[0] - 1]++;
            }
        });
        double mean = trials * 0.5;
        double stddev = Math.sqrt(trials * 0.25);
        assertTrue(Math.abs(counts[0] - mean) <= 6 * stddev,
                "unfair select: " + counts[0] + " vs " + counts[1]);
    }

    /**
     * The lock order (select.go's lockorder) is the cases with a channel sorted by channel id on
     * every call, also when a loop's select reuses the last call's order and when the caller
     * changed its case array in between: a case moved to another channel, a case set to a null
     * channel and another one given a channel (same count), two cases on one channel (whose
     * relative order must still follow the random poll order, so both orders show up).
     */
    @Test
    void lockOrderFollowsTheCasesOnEveryCall() {
        Chan<Integer> early = Chan.make();
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> c = Chan.make();
        Chan<Integer> none = null;
        Parker p = Parker.current();
        SelectCase[] cases = {recv(c, v -> { }), recv(a, v -> { }), recv(b, v -> { }),
            recv(none, v -> { })};
        assertLockOrder(p, cases);
        assertLockOrder(p, cases); // the same channels again
        cases[0] = recv(early, v -> { }); // the first in lock order now
        assertLockOrder(p, cases);
        cases[3] = recv(c, v -> { });
        cases[1] = recv(none, v -> { }); // as many cases with a channel, not the same ones
        assertLockOrder(p, cases);
        SelectCase[] twice = {recv(a, v -> { }), recv(b, v -> { }), recv(a, v -> { })};
        boolean[] seen = new boolean[2];
        for (int i = 0; i < 200; i++) {
            int n = assertLockOrder(p, twice);
            int[] order = p.scratch().order;
            seen[order[n] == 0 ? 0 : 1] = true; // a's cases (0 and 2) lock first, in either order
        }
        assertTrue(seen[0] && seen[1], "two cases on one channel keep one lock order");
    }

    private static int assertLockOrder(Parker p, SelectCase[] cases) {
        int n = SelectGo.orders(p, cases);
        int[] order = p.scratch().order;
        java.util.Set<Integer> expected = new java.util.HashSet<>();
        for (int i = 0; i < cases.length; i++) {
            if (cases[i].chan != null) {
                expected.add(i);
            }
        }
        java.util.Set<Integer> poll = new java.util.HashSet<>();
        java.util.Set<Integer> lock = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            poll.add(order[i]);
            lock.add(order[n + i]);
            if (i > 0) {
                assertTrue(cases[order[n + i - 1]].lockKey <= cases[order[n + i]].lockKey,
                        "lock order not sorted by channel id");
            }
        }
        assertEquals(expected, poll);
        assertEquals(expected, lock);
        return n;
    }

    /** Three ready cases, one of them a send: each within 6 sigma of a third. */
    @Test
    void fairAmongThreeIncludingSend() {
        int trials = 9_000;
        int[] counts = new int[3];
        Go.run(() -> {
            Chan<Integer> a = Chan.make(trials);
            Chan<Integer> b = Chan.make(trials);
            Chan<Integer> out = Chan.make(trials);
            for (int i = 0; i < trials; i++) {
                a.send(i);
                b.send(i);
            }
            SelectCase[] cases = {recv(a), recv(b), send(out, 7)};
            for (int i = 0; i < trials; i++) {
                counts[select(cases)]++;
            }
            assertEquals(counts[2], out.len(), "a send case sends exactly when it wins");
        });
        double p = 1.0 / 3;
        double stddev = Math.sqrt(trials * p * (1 - p));
        for (int k = 0; k < 3; k++) {
            assertTrue(Math.abs(counts[k] - trials * p) <= 6 * stddev,
                    "case " + k + " won " + counts[k] + " of " + trials);
        }
    }

    @Test
    void defaultRunsWhenNothingIsReady() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            AtomicInteger ran = new AtomicInteger(-1);
            int chosen = select(recv(c, v -> ran.set(0)), send(c, 1, () -> ran.set(1)),
                    otherwise(() -> ran.set(2)));
            assertEquals(2, chosen);
            assertEquals(2, ran.get());
        });
    }

    @Test
    void nullChannelIsNeverReady() {
        Go.run(() -> {
            Chan<Integer> ready = Chan.make(1);
            ready.send(5);
            for (int i = 0; i < 100; i++) {
                Chan<Integer> nil = null;
                int chosen = select(recv(nil, v -> {
                    throw new AssertionError("nil recv ran");
                }), send(nil, 1), recv(ready, v -> ready.send(v)));
                assertEquals(2, chosen);
            }
            assertEquals(1, select(recv((Chan<Integer>) null), otherwise()));
        });
    }

    @Test
    void blocksUntilACaseProceeds() {
        Go.run(() -> {
            Chan<String> a = Chan.make();
            Chan<String> b = Chan.make();
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(5));
                b.send("hello");
            });
            AtomicReference<String> got = new AtomicReference<>();
            int chosen = select(recv(a, got::set), recv(b, got::set));
            assertEquals(1, chosen);
            assertEquals("hello", got.get());
        });
    }

    @Test
    void blockedSendCaseSendsOnlyIfItWins() {
        Go.run(() -> {
            Chan<Integer> out = Chan.make();
            Chan<Integer> in = Chan.make();
            Go.go(() -> in.send(1));
            int chosen = select(send(out, 42), recv(in));
            assertEquals(1, chosen);
            assertNull(out.tryRecv(), "the losing send case must not have sent");
            Go.go(() -> assertEquals(42, out.recv()));
            assertEquals(0, select(send(out, 42), recv(in)));
        });
    }

    @Test
    void receiveCaseSeesCloseAsNull() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make(1);
            c.send(3);
            c.close();
            AtomicReference<Integer> got = new AtomicReference<>(-1);
            select(recv(c, got::set));
            assertEquals(3, got.get());
            select(recv(c, got::set));
            assertNull(got.get());
        });
    }

    @Test
    void sendCaseOnClosedThrows() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make(1);
            c.close();
            ChanClosedException e = assertThrows(ChanClosedException.class,
                    () -> select(send(c, 1), otherwise()));
            assertEquals("send on closed channel", e.getMessage());
        });
    }

    @Test
    void blockedSelectSendWokenByCloseThrows() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Chan<Integer> never = Chan.make();
            Chan<String> outcome = Chan.make(1);
            Go.go(() -> {
                try {
                    select(send(c, 1), recv(never));
                    outcome.send("selected");
                } catch (ChanClosedException e) {
                    outcome.send(e.getMessage());
                }
            });
            Go.sleep(Duration.ofMillis(5));
            c.close();
            assertEquals("send on closed channel", outcome.recv());
        });
    }

    @Test
    void sameChannelInManyCases() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
            });
            int sum = 0;
            int[] v = new int[1];
            for (int i = 0; i < 100; i++) {
                select(recv(c, x -> v[0] = x), recv(c, x -> v[0] = x), recv(c, x -> v[0] = x));
                sum += v[0];
            }
            assertEquals(99 * 100 / 2, sum);
        });
    }

    /** One goroutine selecting on both ends of an unbuffered channel, with a partner. */
    @Test
    void sendAndReceiveOnOneChannel() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Chan<Integer> done = Chan.make();
            Go.go(() -> {
                int n = 0;
                for (int i = 0; i < 100; i++) {
                    n += select(send(c, 1), recv(c));
                }
                done.send(n);
            });
            for (int i = 0; i < 100; i++) {
                select(send(c, 2), recv(c));
            }
            done.recv();
        });
    }

    @Test
    void handlersMayParkAndCheckedExceptionsAreWrapped() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make(1);
            c.send(1);
            int chosen = select(recv(c, v -> Go.sleep(Duration.ofMillis(2))));
            assertEquals(0, chosen);
            GoroutineException e = assertThrows(GoroutineException.class,
                    () -> select(otherwise(() -> {
                        throw new java.io.IOException("io");
                    })));
            assertEquals("io", e.getCause().getMessage());
        });
    }

    @Test
    void badInput() {
        assertThrows(NullPointerException.class, () -> select((SelectCase[]) null));
        assertThrows(NullPointerException.class, () -> select(otherwise(), null));
        assertThrows(IllegalArgumentException.class, () -> select(otherwise(), otherwise()));
        Chan<String> c = Chan.make(1);
        assertThrows(NullPointerException.class, () -> send(c, null));
        assertThrows(IllegalArgumentException.class, () -> recv(new RecvChan<String>() {
            public String recv() {
                return null;
            }

            public String tryRecv() {
                return null;
            }

            public boolean isClosed() {
                return false;
            }

            public int len() {
                return 0;
            }

            public int cap() {
                return 0;
            }

            public java.util.Iterator<String> iterator() {
                return null;
            }
        }));
        assertEquals(0, c.len());
    }

    @Test
    void emptySelectBlocksForeverAndIsADeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> select()));
        assertTrue(e.getMessage().contains("select (no cases)"), e.getMessage());
        DeadlockException e2 = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            Chan<Integer> c = Chan.make();
            select(recv(c), recv((Chan<Integer>) null));
        }));
        assertTrue(e2.getMessage().contains("[select]"), e2.getMessage());
    }

    @Test
    void plainThreadsSelect() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Thread t = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                (i % 2 == 0 ? a : b).send(i);
            }
        });
        t.start();
        int[] sum = new int[1];
        for (int i = 0; i < 200; i++) {
            select(recv(a, v -> sum[0] += v), recv(b, v -> sum[0] += v));
        }
        t.join();
        assertEquals(199 * 200 / 2, sum[0]);
        assertFalse(a.isClosed());
    }
}
