package io.golib.benchmarks;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.chan.Chan;
import io.golib.chan.ChanClosedException;
import io.golib.chan.RecvHandler;
import io.golib.chan.Select;
import io.golib.chan.SelectCase;

/**
 * The channel workloads of {@link ChanBench} on golib, one for one the Go programs of the anchors
 * ({@code /work/shared/anchors/go/}: pingpong, sieve, threadring, mpmc, selectfanin): same
 * shapes, same sizes, {@code Chan<Integer>} for Go's {@code chan int} (boxed, as the
 * virtual-thread versions box). The whole workload runs in {@code Go.call}, timed inside the main
 * goroutine as Go times it. Each returns {@code {elapsed ns, check value}}; {@link ChanBench}
 * verifies the check value.
 *
 * <p>Where a Go program uses {@code sync.WaitGroup} (mpmc), the join is a buffered channel of
 * per-consumer sums (io.golib.sync does not exist yet). Where Go leaks the sieve's goroutines,
 * these tear the chain down after timing (close the generator's channel, drain the last one), so
 * repeated iterations do not pile up parked goroutines; threadring tears down with Go's own kill
 * token.
 *
 * <p>Needs the agent (or build-time instrumentation): the lambdas and the {@code @Goroutine}
 * helpers here park.
 */
final class GolibChanWorkloads {
    private GolibChanWorkloads() {}

    static final int RING = 503;

    // ---- pingpong (go/pingpong) ----

    /** {elapsed, final value (= n)}. */
    static long[] pingPong(int n) {
        return Go.call(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Chan<Integer> done = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    int v = ping.recv();
                    pong.send(v + 1);
                }
                done.close();
            });
            long t0 = System.nanoTime();
            int v = 0;
            for (int i = 0; i < n; i++) {
                ping.send(v);
                v = pong.recv();
            }
            long el = System.nanoTime() - t0;
            done.recv();
            return new long[] {el, v};
        });
    }

    // ---- sieve (go/sieve) ----

    /** {elapsed, n-th prime}. */
    static long[] sieve(int n) {
        return Go.call(() -> {
            long t0 = System.nanoTime();
            Chan<Integer> ch = Chan.make();
            Chan<Integer> first = ch;
            Go.go(() -> generate(first));
            int prime = 0;
            for (int i = 0; i < n; i++) {
                prime = ch.recv();
                Chan<Integer> in = ch;
                Chan<Integer> out = Chan.make();
                int p = prime;
                Go.go(() -> filter(in, out, p));
                ch = out;
            }
            long el = System.nanoTime() - t0;
            // Tear-down (not timed): the generator's send throws, each filter sees its input
            // closed and closes its output; what is still in flight drains into the last channel.
            first.close();
            while (ch.recv() != null) {
                // drain
            }
            return new long[] {el, prime};
        });
    }

    @Goroutine
    static void generate(Chan<Integer> ch) {
        try {
            for (int i = 2; ; i++) {
                ch.send(i);
            }
        } catch (ChanClosedException e) {
            // torn down
        }
    }

    @Goroutine
    static void filter(Chan<Integer> in, Chan<Integer> out, int prime) {
        for (Integer v; (v = in.recv()) != null; ) {
            if (v % prime != 0) {
                out.send(v);
            }
        }
        out.close();
    }

    // ---- threadring (go/threadring) ----

    /** {elapsed, winner id (1-based)}. */
    static long[] threadRing(int n) {
        return Go.call(() -> {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] chans = new Chan[RING];
            for (int i = 0; i < RING; i++) {
                chans[i] = Chan.make();
            }
            Chan<Integer> result = Chan.make();
            for (int i = 0; i < RING; i++) {
                int id = i;
                Go.go(() -> node(id, chans[id], chans[(id + 1) % RING], result));
            }
            long t0 = System.nanoTime();
            chans[0].send(n);
            int w = result.recv();
            return new long[] {System.nanoTime() - t0, w};
        });
    }

    /** Go's node, kill token included: -(origin + 1) goes round once and every node exits. */
    @Goroutine
    static void node(int id, Chan<Integer> in, Chan<Integer> out, Chan<Integer> result) {
        for (;;) {
            int t = in.recv();
            if (t < 0) {
                int origin = -t - 1;
                if ((id + 1) % RING != origin) {
                    out.send(t);
                }
                return;
            }
            if (t == 0) {
                result.send(id + 1);
                out.send(-(id + 1));
                return;
            }
            out.send(t - 1);
        }
    }

    // ---- mpmc (go/mpmc) ----

    /** {elapsed, sum of everything received}. */
    static long[] mpmc(int total, int np, int nc, int cap) {
        return Go.call(() -> {
            Chan<Integer> ch = Chan.make(cap);
            Chan<Long> sums = Chan.make(nc);
            int per = total / np;
            int perc = total / nc;
            long t0 = System.nanoTime();
            for (int c = 0; c < nc; c++) {
                Go.go(() -> {
                    long s = 0;
                    for (int i = 0; i < perc; i++) {
                        s += ch.recv();
                    }
                    sums.send(s);
                });
            }
            for (int p = 0; p < np; p++) {
                int base = p * per;
                Go.go(() -> {
                    for (int i = 0; i < per; i++) {
                        ch.send(base + i);
                    }
                });
            }
            long s = 0;
            for (int c = 0; c < nc; c++) {
                s += sums.recv();
            }
            return new long[] {System.nanoTime() - t0, s};
        });
    }

    // ---- selectfanin (go/selectfanin) ----

    /**
     * {elapsed, sum}. The four receive cases are built once and reused by every select (golib's
     * allocation-free idiom; Go's select statement allocates nothing either).
     */
    static long[] selectFanin(int total) {
        return Go.call(() -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            Chan<Integer> c = Chan.make();
            Chan<Integer> d = Chan.make();
            int per = total / 4;
            long t0 = System.nanoTime();
            Go.go(() -> produce(a, 0, per));
            Go.go(() -> produce(b, per, per));
            Go.go(() -> produce(c, 2 * per, per));
            Go.go(() -> produce(d, 3 * per, per));
            long[] sum = new long[1];
            RecvHandler<Integer> add = v -> sum[0] += v;
            SelectCase[] cases = {
                Select.recv(a, add), Select.recv(b, add), Select.recv(c, add), Select.recv(d, add)
            };
            for (int got = 0; got < total; got++) {
                Select.select(cases);
            }
            return new long[] {System.nanoTime() - t0, sum[0]};
        });
    }

    @Goroutine
    static void produce(Chan<Integer> ch, int base, int count) {
        for (int i = 0; i < count; i++) {
            ch.send(base + i);
        }
    }
}
