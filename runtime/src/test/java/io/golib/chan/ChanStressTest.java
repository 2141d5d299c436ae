package io.golib.chan;

import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;
import static io.golib.chan.Select.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stress: close racing with blocked senders, receivers and selects, every value counted; many
 * select pairs while sysmon preempts a spinning goroutine. Counts scale with
 * {@code -Dgolib.stress.scale}.
 */
@Timeout(300)
class ChanStressTest {
    static final int SCALE = Integer.getInteger("golib.stress.scale", 1);

    /**
     * Senders (plain send and select send), receivers (plain and select) and a close, all racing.
     * Every value a sender reports sent is received exactly once; every value whose send threw
     * "send on closed channel" is received never.
     */
    @Test
    void closeRacingWithBlockedSendersReceiversAndSelects() {
        int rounds = 200 * SCALE;
        for (int round = 0; round < rounds; round++) {
            int cap = round % 3;
            int senders = 6;
            int perSender = 50;
            Chan<Integer> c = Chan.make(cap);
            Chan<Integer> other = Chan.make(); // never ready: makes selects block on c
            AtomicLongArray sent = new AtomicLongArray(senders * perSender);
            AtomicLongArray received = new AtomicLongArray(senders * perSender);
            AtomicInteger failedSends = new AtomicInteger();
            Go.run(() -> {
                Chan<Boolean> done = Chan.make(16);
                for (int s = 0; s < senders; s++) {
                    int base = s * perSender;
                    boolean viaSelect = s % 2 == 0;
                    Go.go(() -> {
                        for (int i = 0; i < perSender; i++) {
                            int v = base + i;
                            try {
                                if (viaSelect) {
                                    select(send(c, v), recv(other));
                                } else {
                                    c.send(v);
                                }
                                sent.incrementAndGet(v);
                            } catch (ChanClosedException e) {
                                failedSends.incrementAndGet();
                            }
                        }
                        done.send(true);
                    });
                }
                for (int r = 0; r < 4; r++) {
                    boolean viaSelect = r % 2 == 0;
                    Go.go(() -> {
                        int[] box = new int[1];
                        for (;;) {
                            Integer v;
                            if (viaSelect) {
                                box[0] = -1;
                                select(recv(c, x -> box[0] = x == null ? -1 : x), recv(other));
                                v = box[0] < 0 ? null : box[0];
                            } else {
                                v = c.recv();
                            }
                            if (v == null) {
                                break;
                            }
                            received.incrementAndGet(v);
                        }
                        done.send(true);
                    });
                }
                Go.sleep(Duration.ofNanos(50_000L * (1 + (SCALE * 7 + 3) % 5)));
                c.close();
                for (int k = 0; k < senders + 4; k++) {
                    done.recv();
                }
            });
            int total = 0;
            for (int v = 0; v < senders * perSender; v++) {
                assertEquals(sent.get(v), received.get(v), "round " + round + " value " + v);
                total += sent.get(v);
            }
            assertEquals(senders * perSender, total + failedSends.get(), "round " + round);
        }
    }

    /**
     * 5,000 pairs exchanging through selects on their own channels while a goroutine spins
     * without parking (so sysmon preempts it at its loop back-edge), with GOMAXPROCS 2.
     */
    @Test
    void fiveThousandSelectPairsUnderPreemption() {
        int pairs = 5_000;
        int msgs = 20 * SCALE;
        AtomicLong sum = new AtomicLong();
        Go.run(() -> {
            int old = Go.setGomaxprocs(2);
            try {
                AtomicBoolean stop = new AtomicBoolean();
                Chan<Boolean> spinnerDone = Chan.make(1);
                Go.go(() -> {
                    long x = 0;
                    while (!stop.get()) {
                        x++;
                    }
                    spinnerDone.send(x > 0);
                });
                Chan<Boolean> done = Chan.make(pairs);
                for (int p = 0; p < pairs; p++) {
                    Chan<Integer> ping = Chan.make();
                    Chan<Integer> pong = Chan.make(p % 2);
                    Chan<Integer> idle = Chan.make();
                    Go.go(() -> {
                        for (int i = 1; i <= msgs; i++) {
                            select(send(ping, i), recv(idle));
                            int[] got = new int[1];
                            select(recv(pong, v -> got[0] = v), recv(idle));
                            sum.addAndGet(got[0]);
                        }
                        done.send(true);
                    });
                    Go.go(() -> {
                        for (int i = 1; i <= msgs; i++) {
                            int[] got = new int[1];
                            select(recv(idle), recv(ping, v -> got[0] = v));
                            select(recv(idle), send(pong, got[0] * 2));
                        }
                    });
                }
                for (int p = 0; p < pairs; p++) {
                    done.recv();
                }
                stop.set(true);
                assertTrue(spinnerDone.recv());
            } finally {
                Go.setGomaxprocs(old);
            }
        });
        long perPair = 0;
        for (int i = 1; i <= msgs; i++) {
            perPair += 2L * i;
        }
        assertEquals(perPair * pairs, sum.get());
    }

    /** Plain threads and goroutines hammering one buffered channel; nothing lost or duplicated. */
    @Test
    void threadsAndGoroutinesMixed() throws Exception {
        int perProducer = 20_000 * SCALE;
        Chan<Integer> c = Chan.make(8);
        AtomicLongArray seen = new AtomicLongArray(4 * perProducer);
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int base = t * perProducer;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    c.send(base + i);
                }
            });
            threads[t].start();
        }
        Thread consumer = new Thread(() -> {
            for (int i = 0; i < 2 * perProducer; i++) {
                seen.incrementAndGet(c.recv());
            }
        });
        consumer.start();
        Go.run(() -> {
            Chan<Boolean> done = Chan.make(4);
            for (int g = 2; g < 4; g++) {
                int base = g * perProducer;
                Go.go(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        c.send(base + i);
                    }
                    done.send(true);
                });
            }
            for (int i = 0; i < 2 * perProducer; i++) {
                seen.incrementAndGet(c.recv());
            }
            done.recv();
            done.recv();
        });
        for (Thread t : threads) {
            t.join();
        }
        consumer.join();
        for (int v = 0; v < 4 * perProducer; v++) {
            assertEquals(1, seen.get(v), "value " + v);
        }
    }
}
