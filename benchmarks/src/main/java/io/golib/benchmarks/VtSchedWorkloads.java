package io.golib.benchmarks;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler workloads of {@link SchedBench} on JDK virtual threads, one for one the programs
 * of the anchors ({@code /work/shared/anchors/loom/}: Spawn, Skynet, Timers): the join is a
 * {@code CountDownLatch}, skynet's unbuffered channel a {@code SynchronousQueue<Long>}; the
 * whole workload runs inside a virtual thread ({@link VtChanWorkloads#inThread}), like Go's main
 * goroutine. Gosched ping-pong (no anchor) is two virtual threads calling {@code Thread.yield()}.
 * Each returns {@code {elapsed ns, check value, extras...}}; {@link PairRunner} verifies the check
 * value.
 *
 * <p>Virtual threads are started through {@link VtChanWorkloads#start} (reflective: the module
 * compiles with {@code --release 17}); these workloads need JDK 21+ at run time.
 */
final class VtSchedWorkloads {
    private VtSchedWorkloads() {}

    /** loom/Spawn.java: {elapsed, sum of x & 1 (= n / 2)}. */
    static long[] spawn(int n) {
        return VtChanWorkloads.inThread(() -> {
            CountDownLatch latch = new CountDownLatch(n);
            AtomicLong sum = new AtomicLong();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                final int x = i;
                VtChanWorkloads.start(() -> {
                    sum.addAndGet(x & 1);
                    latch.countDown();
                });
            }
            latch.await();
            return new long[] {System.nanoTime() - t0, sum.get()};
        });
    }

    /** loom/Skynet.java: {elapsed, sum of the leaves' numbers}. */
    static long[] skynet(int size) {
        return VtChanWorkloads.inThread(() -> {
            long t0 = System.nanoTime();
            SynchronousQueue<Long> c = new SynchronousQueue<>();
            VtChanWorkloads.start(() -> tree(c, 0, size, 10));
            long sum = c.take();
            return new long[] {System.nanoTime() - t0, sum};
        });
    }

    private static void tree(SynchronousQueue<Long> c, long num, long size, int div) {
        try {
            if (size == 1) {
                c.put(num);
                return;
            }
            SynchronousQueue<Long> rc = new SynchronousQueue<>();
            for (int i = 0; i < div; i++) {
                long sub = num + i * (size / div);
                VtChanWorkloads.start(() -> tree(rc, sub, size / div, div));
            }
            long sum = 0;
            for (int i = 0; i < div; i++) {
                sum += rc.take();
            }
            c.put(sum);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** loom/Timers.java oneShot: as {@link GolibSchedWorkloads#timers}. */
    static long[] timers(int n) {
        return VtChanWorkloads.inThread(() -> {
            long[] over = new long[n];
            Arrays.fill(over, Long.MIN_VALUE);
            CountDownLatch done = new CountDownLatch(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                final int k = i;
                VtChanWorkloads.start(() -> {
                    long s = System.nanoTime();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    over[k] = System.nanoTime() - s - 1_000_000;
                    done.countDown();
                });
            }
            done.await();
            return SchedBench.oneShot(System.nanoTime() - t0, over);
        });
    }

    /** loom/Timers.java loop: w threads each sleep 1 ms r times. {elapsed, wakes (= w r)}. */
    static long[] sleepWake(int w, int r) {
        return VtChanWorkloads.inThread(() -> {
            CountDownLatch done = new CountDownLatch(w);
            AtomicLong wakes = new AtomicLong();
            long t0 = System.nanoTime();
            for (int i = 0; i < w; i++) {
                VtChanWorkloads.start(() -> {
                    int j = 0;
                    try {
                        for (; j < r; j++) {
                            Thread.sleep(1);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    wakes.addAndGet(j);
                    done.countDown();
                });
            }
            done.await();
            return new long[] {System.nanoTime() - t0, wakes.get()};
        });
    }

    /** Two virtual threads each call {@code Thread.yield()} n / 2 times. {elapsed, yields}. */
    static long[] yields(int n) {
        return VtChanWorkloads.inThread(() -> {
            AtomicLong yields = new AtomicLong();
            int per = n / 2;
            Thread[] ts = new Thread[2];
            long t0 = System.nanoTime();
            for (int g = 0; g < 2; g++) {
                ts[g] = VtChanWorkloads.start(() -> {
                    int i = 0;
                    for (; i < per; i++) {
                        Thread.yield();
                    }
                    yields.addAndGet(i);
                });
            }
            for (Thread t : ts) {
                t.join();
            }
            return new long[] {System.nanoTime() - t0, yields.get()};
        });
    }
}
