package io.golib.benchmarks;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.chan.Chan;
import io.golib.sync.WaitGroup;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler workloads of {@link SchedBench} (issue 3) on golib, one for one the Go programs
 * of the anchors ({@code /work/shared/anchors/go/}: spawn, skynet, timers) plus gosched
 * ping-pong, which has no anchor: same shapes, same sizes, same joins ({@code sync.WaitGroup} →
 * {@link WaitGroup}, {@code chan int} → {@code Chan<Long>}, boxed as the virtual-thread version's
 * {@code SynchronousQueue<Long>} is). The whole workload runs in {@code Go.call}, timed inside
 * the main goroutine as Go times it. Each returns {@code {elapsed ns, check value, extras...}};
 * {@link PairRunner} verifies the check value.
 *
 * <p>Needs the agent (or build-time instrumentation): the lambdas and the {@code @Goroutine}
 * helpers here park.
 */
final class GolibSchedWorkloads {
    private GolibSchedWorkloads() {}

    private static final Duration ONE_MS = Duration.ofMillis(1);

    // ---- spawn (go/spawn) ----

    /** {elapsed, sum of x & 1 over the n goroutines (= n / 2)}. */
    static long[] spawn(int n) {
        return Go.call(() -> {
            WaitGroup wg = new WaitGroup();
            AtomicLong sum = new AtomicLong();
            long t0 = System.nanoTime();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int x = i;
                Go.go(() -> {
                    sum.addAndGet(x & 1); // trivial work
                    wg.done();
                });
            }
            wg.await();
            return new long[] {System.nanoTime() - t0, sum.get()};
        });
    }

    // ---- skynet (go/skynet) ----

    /** {elapsed, sum of the leaves' numbers (= size (size - 1) / 2)}. */
    static long[] skynet(int size) {
        return Go.call(() -> {
            long t0 = System.nanoTime();
            Chan<Long> c = Chan.make();
            Go.go(() -> tree(c, 0, size, 10));
            long sum = c.recv();
            return new long[] {System.nanoTime() - t0, sum};
        });
    }

    /** Go's skynet(c, num, size, div): leaves send their number, parents sum their children. */
    @Goroutine
    static void tree(Chan<Long> c, long num, long size, int div) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Chan<Long> rc = Chan.make(); // unbuffered, as in the original benchmark
        for (int i = 0; i < div; i++) {
            long sub = num + i * (size / div);
            Go.go(() -> tree(rc, sub, size / div, div));
        }
        long sum = 0;
        for (int i = 0; i < div; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }

    // ---- timers (go/timers) ----

    /**
     * Go's oneShot: n goroutines each sleep 1 ms once. {wall from the first spawn to the last
     * done, sleepers that slept at least 1 ms (= n), overshoot median, p99, max (ns)}.
     */
    static long[] timers(int n) {
        return Go.call(() -> {
            long[] over = new long[n];
            Arrays.fill(over, Long.MIN_VALUE); // a sleeper that never ran fails the check
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int k = i;
                Go.go(() -> {
                    long s = System.nanoTime();
                    Go.sleep(ONE_MS);
                    over[k] = System.nanoTime() - s - 1_000_000;
                    wg.done();
                });
            }
            wg.await();
            return SchedBench.oneShot(System.nanoTime() - t0, over);
        });
    }

    /** Go's loop: w goroutines each sleep 1 ms r times. {elapsed, wakes (= w r)}. */
    static long[] sleepWake(int w, int r) {
        return Go.call(() -> {
            WaitGroup wg = new WaitGroup();
            AtomicLong wakes = new AtomicLong();
            wg.add(w);
            long t0 = System.nanoTime();
            for (int i = 0; i < w; i++) {
                Go.go(() -> {
                    int j = 0;
                    for (; j < r; j++) {
                        Go.sleep(ONE_MS);
                    }
                    wakes.addAndGet(j);
                    wg.done();
                });
            }
            wg.await();
            return new long[] {System.nanoTime() - t0, wakes.get()};
        });
    }

    // ---- gosched ping-pong (no anchor) ----

    /** Two goroutines each call {@code Go.gosched()} n / 2 times. {elapsed, yields (= n)}. */
    static long[] gosched(int n) {
        return Go.call(() -> {
            WaitGroup wg = new WaitGroup();
            AtomicLong yields = new AtomicLong();
            int per = n / 2;
            long t0 = System.nanoTime();
            for (int g = 0; g < 2; g++) {
                wg.go(() -> {
                    int i = 0;
                    for (; i < per; i++) {
                        Go.gosched();
                    }
                    yields.addAndGet(i);
                });
            }
            wg.await();
            return new long[] {System.nanoTime() - t0, yields.get()};
        });
    }
}
